using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol;
using Sagewright.Protocol.Contracts;
using Sagewright.TestSupport;

namespace Sagewright.Events.Tests;

/// <summary>
/// A target kind for tests (<c>arn:aws:fake:…</c>): records what it is given and answers what <see cref="Behave"/> says.
/// </summary>
internal sealed class FakeTarget : IEventTarget
{
    public ConcurrentQueue<EventTargetInvocation> Received { get; } = new();

    public Func<EventTargetInvocation, CancellationToken, Task<TargetOutcome>> Behave { get; set; } = (_, _) => Task.FromResult(TargetOutcome.Success);

    public TargetCheck Check { get; set; } = TargetCheck.Valid;

    public static string Arn(string name) => $"arn:aws:fake:us-east-1:000000000000:target/{name}";

    public bool Accepts(string targetArn) => targetArn.StartsWith("arn:aws:fake:", StringComparison.Ordinal);

    public ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken) => ValueTask.FromResult(Check);

    public async ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken)
    {
        Received.Enqueue(invocation);
        return await Behave(invocation, cancellationToken);
    }

    public IReadOnlyList<EventTargetInvocation> To(string name) => Received.Where(r => r.Target["Arn"]!.GetValue<string>() == Arn(name)).ToArray();
}

/// <summary>
/// The Events module with IAM over a real database, built by the same DI registrations the server uses (workers off:
/// tests drive the router, dispatcher and scheduler). SQLite in a temp directory; PostgreSQL (a fresh schema per test)
/// when SAGEWRIGHT_TEST_BACKENDS names postgres and SAGEWRIGHT_TEST_POSTGRES gives the connection string. Calls go the
/// way the pipeline sends them: validated against the model, authorized, handled, serialized.
/// </summary>
internal sealed class EventsTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly OperationInvoker _invoker;
    private readonly TestIdentities _identities;

    private EventsTestHost(Storage storage, ServiceProvider provider, ManualTime time)
    {
        Storage = storage;
        _provider = provider;
        Time = time;
        _invoker = OperationInvoker.From(provider, time);
        _identities = new TestIdentities(_invoker, provider.GetRequiredService<AccountAdministration>(), provider.GetRequiredService<ICredentialResolver>());
    }

    public Storage Storage { get; }
    public ManualTime Time { get; }
    public FakeTarget Fake => _provider.GetRequiredService<FakeTarget>();
    public IDatabase Database => _provider.GetRequiredService<IDatabase>();
    public EventRouter Router => _provider.GetRequiredService<EventRouter>();
    public DeliveryDispatcher Dispatcher => _provider.GetRequiredService<DeliveryDispatcher>();
    public RuleScheduler Scheduler => _provider.GetRequiredService<RuleScheduler>();
    public IEventPublisher Publisher => _provider.GetRequiredService<IEventPublisher>();
    public EventDeadLetters DeadLetters => _provider.GetRequiredService<EventDeadLetters>();

    public static bool OnPostgres => TestBackends.OnPostgres;

    /// <summary>Starts on fresh storage, or on <paramref name="storage"/> of an earlier host (a restart).</summary>
    public static async Task<EventsTestHost> StartAsync(Storage? storage = null, ManualTime? time = null)
    {
        storage ??= await Storage.CreateAsync();
        time ??= new ManualTime();
        var database = await DatabaseFactory.OpenAsync(storage.Options, CancellationToken.None);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(database)
            .AddSingleton<TimeProvider>(time)
            .AddSagewrightProtocol()
            .AddIam()
            .AddEvents(o =>
            {
                o.RunWorkers = false;
                o.DeliveryTimeout = TimeSpan.FromSeconds(5);
            })
            .AddSingleton<FakeTarget>();
        services.AddSingleton<IEventTarget>(p => p.GetRequiredService<FakeTarget>());
        var provider = services.BuildServiceProvider();
        await StartupTasks.RunAsync(provider);
        return new EventsTestHost(storage, provider, time);
    }

    public Task<TestAccount> NewAccountAsync() => _identities.NewAccountAsync();

    public Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null) =>
        _invoker.CallAsync(caller, service, operation, input);

    /// <summary>Creates a role trusted by events.amazonaws.com with the given inline policy; returns its ARN.</summary>
    public async Task<string> NewEventsRoleAsync(TestAccount account, string name, string? policy)
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        var role = await CallAsync(account.Root, "iam", "CreateRole", new JsonObject { ["RoleName"] = name, ["AssumeRolePolicyDocument"] = trust });
        if (policy is not null)
        {
            await CallAsync(account.Root, "iam", "PutRolePolicy", new JsonObject { ["RoleName"] = name, ["PolicyName"] = "inline", ["PolicyDocument"] = policy });
        }
        return role["Role"]!["Arn"]!.GetValue<string>();
    }

    public Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string? policy = null) =>
        _identities.NewUserAsync(account.AccountId, userName, policy);

    /// <summary>Routes and dispatches until nothing is left that is due now.</summary>
    public async Task DrainAsync()
    {
        for (var round = 0; round < 20; round++)
        {
            var routed = await Router.RouteOnceAsync(CancellationToken.None);
            var dispatched = await Dispatcher.DispatchOnceAsync(CancellationToken.None);
            if (routed == 0 && dispatched == 0)
            {
                return;
            }
        }
        throw new InvalidOperationException("Routing and dispatching did not settle in 20 rounds.");
    }

    /// <summary>Closes this host but keeps its storage, as a process that died would.</summary>
    public async ValueTask StopAsync()
    {
        var database = Database;
        await _provider.DisposeAsync();
        // Registered as an instance, so the provider does not dispose it: its connection pools would outlive the test.
        await database.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Storage.DeleteAsync();
    }
}

/// <summary>Where a test's data lives: a SQLite directory, or a PostgreSQL schema of its own.</summary>
internal sealed class Storage
{
    private string? _schema;

    private Storage(DatabaseOptions options) => Options = options;

    public DatabaseOptions Options { get; }

    public static async Task<Storage> CreateAsync()
    {
        var options = new DatabaseOptions { DataDirectory = TestBackends.NewDirectory("sagewright-events-tests-") };
        if (!TestBackends.OnPostgres)
        {
            return new Storage(options);
        }
        var connection = TestBackends.PostgresConnectionString;
        // A schema per test: the workers read whole tables, so tests sharing one would deliver each other's events.
        var schema = "events_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync();
        }
        options.PostgresConnectionString = new NpgsqlConnectionStringBuilder(connection) { SearchPath = schema, MaxPoolSize = 4 }.ConnectionString;
        return new Storage(options) { _schema = schema };
    }

    public async Task DeleteAsync()
    {
        if (_schema is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(Options.PostgresConnectionString) { SearchPath = null };
            await using var admin = new NpgsqlConnection(builder.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            TestBackends.DeleteDirectory(Options.DataDirectory);
        }
    }
}

/// <summary>A test class gets a fresh host (and storage) per test, and an account.</summary>
public abstract class EventsTestBase : IAsyncLifetime
{
    internal EventsTestHost Host { get; set; } = null!;
    internal TestAccount Account { get; private set; } = null!;
    internal CallerIdentity Root => Account.Root;

    public async Task InitializeAsync()
    {
        Host = await EventsTestHost.StartAsync();
        Account = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal Task<JsonObject> EventsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        Host.CallAsync(caller ?? Root, "events", operation, input);

    internal async Task<AwsServiceException> FailsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => EventsAsync(operation, input, caller));

    internal static string Text(JsonNode? node) => node!.GetValue<string>();

    internal string BusArn(string name, string? account = null) => $"arn:aws:events:us-east-1:{account ?? Account.AccountId}:event-bus/{name}";

    internal Task<JsonObject> PutRuleAsync(string name, string pattern, string? bus = null, CallerIdentity? caller = null)
    {
        var input = new JsonObject { ["Name"] = name, ["EventPattern"] = pattern };
        if (bus is not null)
        {
            input["EventBusName"] = bus;
        }
        return EventsAsync("PutRule", input, caller);
    }

    internal Task<JsonObject> PutTargetAsync(string rule, JsonObject target, string? bus = null, CallerIdentity? caller = null)
    {
        var input = new JsonObject { ["Rule"] = rule, ["Targets"] = new JsonArray(target) };
        if (bus is not null)
        {
            input["EventBusName"] = bus;
        }
        return EventsAsync("PutTargets", input, caller);
    }

    internal static JsonObject FakeTargetOf(string id, string name) => new() { ["Id"] = id, ["Arn"] = FakeTarget.Arn(name) };

    internal Task<JsonObject> PutEventAsync(string source, string detailType, string detail, string? bus = null, CallerIdentity? caller = null)
    {
        var entry = new JsonObject { ["Source"] = source, ["DetailType"] = detailType, ["Detail"] = detail };
        if (bus is not null)
        {
            entry["EventBusName"] = bus;
        }
        return EventsAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(entry) }, caller);
    }

    internal static string Allow(string action, string resource = "*") => TestPolicies.Allow(action, resource);
}
