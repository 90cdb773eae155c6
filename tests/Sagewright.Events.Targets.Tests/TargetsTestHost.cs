using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;
using Sagewright.TestSupport;

namespace Sagewright.Events.Targets.Tests;

/// <summary>The platform endpoint the command targets hand to programs; tests point it where they like.</summary>
internal sealed class FixedPlatformEndpoint : IPlatformEndpoint
{
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:4566/");
}

/// <summary>
/// The event-targets module wired as the server wires it (DI, startup tasks, IAM for accounts, users and roles)
/// over a real database: SQLite in a temp directory, or PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names postgres
/// (connection string in SAGEWRIGHT_TEST_POSTGRES). Operations run as the pipeline runs them: input validated
/// against the model, authorized with the operation's Access, handled, the output serialized by the codec.
/// </summary>
internal sealed class TargetsTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly OperationInvoker _invoker;
    private readonly TestIdentities _identities;

    private TargetsTestHost(string directory, ServiceProvider services)
    {
        Directory = directory;
        _services = services;
        _invoker = OperationInvoker.From(services, TimeProvider.System);
        _identities = new TestIdentities(_invoker, services.GetRequiredService<AccountAdministration>(), services.GetRequiredService<ICredentialResolver>());
    }

    public string Directory { get; }
    public IServiceProvider Services => _services;
    public IDatabase Database => _services.GetRequiredService<IDatabase>();
    public EventTargetsOptions Options => _services.GetRequiredService<EventTargetsOptions>();
    public FixedPlatformEndpoint Platform => (FixedPlatformEndpoint)_services.GetRequiredService<IPlatformEndpoint>();
    public OperationRegistry Registry => _services.GetRequiredService<OperationRegistry>();

    public T Target<T>() where T : IEventTarget => _services.GetServices<IEventTarget>().OfType<T>().Single();

    public static async Task<TargetsTestHost> StartAsync(Action<EventTargetsOptions>? configure = null)
    {
        var directory = TestBackends.NewDirectory("sagewright-event-targets-tests-");
        var keyFile = Path.Combine(directory, "event-connections.key");
        if (TestBackends.OnPostgres)
        {
            // Connections of every test (and earlier runs) share the database, so they share the key that seals them.
            keyFile = Path.Combine(Path.GetTempPath(), "sagewright-event-targets-tests-postgres.key");
        }
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(await TestBackends.OpenAsync(directory))
            .AddSingleton<IPlatformEndpoint, FixedPlatformEndpoint>();
        services.AddSagewrightProtocol();
        services.AddIam();
        services.AddEventTargets(o =>
        {
            o.SecretsKeyFile = keyFile;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        await StartupTasks.RunAsync(provider);
        return new TargetsTestHost(directory, provider);
    }

    public async Task<string> NewAccountAsync() => (await _identities.NewAccountAsync()).AccountId;

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null) =>
        _invoker.CallAsync(caller, service, operation, input);

    /// <summary>Creates a user with an access key and the given inline policy; returns its identity.</summary>
    public Task<CallerIdentity> NewUserAsync(string accountId, string userName, string? policy = null) =>
        _identities.NewUserAsync(accountId, userName, policy);

    public ValueTask<ResolvedCredential?> FindCredentialAsync(string accessKeyId) =>
        _services.GetRequiredService<ICredentialResolver>().FindAsync(accessKeyId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        var database = Database;
        await _services.DisposeAsync();
        // Registered as an instance, so the container does not dispose it (its PostgreSQL pool would linger).
        await database.DisposeAsync();
        TestBackends.DeleteDirectory(Directory);
    }
}

/// <summary>A test class gets a fresh host (and database) per test, and an account.</summary>
public abstract class TargetsTestBase : IAsyncLifetime
{
    internal TargetsTestHost Host { get; private set; } = null!;
    internal string AccountId { get; private set; } = null!;
    internal CallerIdentity Root => CallerIdentity.Root(AccountId);

    protected virtual void Configure(EventTargetsOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        Host = await TargetsTestHost.StartAsync(Configure);
        AccountId = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal Task<JsonObject> EventsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        Host.CallAsync(caller ?? Root, "events", operation, input);

    internal async Task<AwsServiceException> FailsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => EventsAsync(operation, input, caller));

    internal static string Text(JsonNode? node) => node!.GetValue<string>();

    internal async Task<string> CreateBasicConnectionAsync(string name, string user = "jenkins", string password = "s3cret-token",
        JsonObject? invocationParameters = null)
    {
        var auth = new JsonObject { ["BasicAuthParameters"] = new JsonObject { ["Username"] = user, ["Password"] = password } };
        if (invocationParameters is not null)
        {
            auth["InvocationHttpParameters"] = invocationParameters;
        }
        var output = await EventsAsync("CreateConnection", new JsonObject { ["Name"] = name, ["AuthorizationType"] = "BASIC", ["AuthParameters"] = auth });
        return Text(output["ConnectionArn"]);
    }

    internal async Task<string> CreateApiKeyConnectionAsync(string name, string header, string key, JsonObject? invocationParameters = null)
    {
        var auth = new JsonObject { ["ApiKeyAuthParameters"] = new JsonObject { ["ApiKeyName"] = header, ["ApiKeyValue"] = key } };
        if (invocationParameters is not null)
        {
            auth["InvocationHttpParameters"] = invocationParameters;
        }
        var output = await EventsAsync("CreateConnection", new JsonObject { ["Name"] = name, ["AuthorizationType"] = "API_KEY", ["AuthParameters"] = auth });
        return Text(output["ConnectionArn"]);
    }

    internal async Task<string> CreateDestinationAsync(string name, string connectionArn, string endpoint, string method = "POST", int? rate = null)
    {
        var input = new JsonObject { ["Name"] = name, ["ConnectionArn"] = connectionArn, ["InvocationEndpoint"] = endpoint, ["HttpMethod"] = method };
        if (rate is not null)
        {
            input["InvocationRateLimitPerSecond"] = rate;
        }
        return Text((await EventsAsync("CreateApiDestination", input))["ApiDestinationArn"]);
    }

    internal static string Allow(string action, string resource = "*") => TestPolicies.Allow(action, resource);
}
