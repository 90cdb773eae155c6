using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Xunit;

namespace Sagewright.Iam.Tests;

/// <summary>A clock the tests move.</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

internal sealed record TestAccount(string AccountId, string AccessKeyId, string SecretAccessKey)
{
    public CallerIdentity Root => CallerIdentity.Root(AccountId);
}

/// <summary>
/// The IAM module over a real database (SQLite in a temp directory; PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names
/// postgres and SAGEWRIGHT_TEST_POSTGRES gives its connection string). Calls go the way the pipeline sends them:
/// input validated against the model, authorized with the operation's Access, handled, and the output serialized
/// by the query codec.
/// </summary>
internal sealed class IamTestHost : IAsyncDisposable
{
    private static readonly Lazy<ServiceCatalog> SharedCatalog = new(ServiceCatalog.LoadEmbedded);

    private readonly string _directory;
    private readonly Authorizer _authorizer;

    private IamTestHost(string directory, IDatabase database, IamOptions options)
    {
        _directory = directory;
        Database = database;
        Cache = new IamCache(options, Time);
        _authorizer = new Authorizer(new IdentityPolicySource(database, Cache), new PolicyDocumentCache());
        Registry = new OperationRegistry(Catalog);
        new IamModule(database, Catalog, _authorizer, Time, options, Cache).Register(Registry);
        Credentials = new CredentialResolver(database, Cache);
        Accounts = new AccountAdministration(database, Time);
    }

    public static ServiceCatalog Catalog => SharedCatalog.Value;

    public IDatabase Database { get; }
    public ManualTime Time { get; } = new();
    public OperationRegistry Registry { get; }
    public IamCache Cache { get; }
    public CredentialResolver Credentials { get; }
    public AccountAdministration Accounts { get; }

    public static async Task<IamTestHost> StartAsync(IamOptions? iamOptions = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sagewright-iam-tests-" + Guid.NewGuid().ToString("N"));
        var backends = Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_BACKENDS") ?? "";
        var options = new DatabaseOptions { DataDirectory = directory };
        if (backends.Contains("postgres", StringComparison.OrdinalIgnoreCase))
        {
            // Tests stay apart on a shared PostgreSQL database because every key starts with a fresh account id.
            options.PostgresConnectionString = Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_POSTGRES") is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("SAGEWRIGHT_TEST_BACKENDS names postgres but SAGEWRIGHT_TEST_POSTGRES is not set.");
        }
        var database = await DatabaseFactory.OpenAsync(options, CancellationToken.None);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        return new IamTestHost(directory, database, iamOptions ?? new IamOptions());
    }

    public async Task<TestAccount> NewAccountAsync()
    {
        var created = await Accounts.CreateAccountAsync("account-" + Guid.NewGuid().ToString("N")[..12], CancellationToken.None);
        return new TestAccount(created.AccountId, created.AccessKeyId, created.SecretAccessKey);
    }

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public async Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null,
        string accessKeyId = "AKIAEXAMPLEEXAMPLE00", string region = "us-east-1")
    {
        input ??= [];
        var model = Catalog[service].Operation(operation);
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var context = new RequestContext
        {
            RequestId = Ids.RequestId(),
            Http = http,
            Service = model.Service,
            Operation = model,
            Region = region,
            Caller = caller,
            AccessKeyId = accessKeyId,
            ReceivedAt = Time.GetUtcNow(),
            SourceIp = "127.0.0.1",
        };
        if (model.Input is { } shape)
        {
            ShapeValidator.Validate(model.Service, shape, input);
        }
        var registration = Registry.Find(model) ?? throw new InvalidOperationException($"{service}:{operation} is not registered.");
        var call = new OperationCall(context, input, null);
        await _authorizer.AuthorizeOperationAsync(registration, call);
        var result = await registration.Handler(call);
        // Serializing proves the output fits the model's shapes as the wire writer sees them.
        await new QueryCodec().WriteOutputAsync(http.Response, model, result, context.RequestId);
        return result.Output;
    }

    public async Task<AwsServiceException> FailsAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null,
        string accessKeyId = "AKIAEXAMPLEEXAMPLE00") =>
        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync(caller, service, operation, input, accessKeyId));

    public Task<JsonObject> IamAsync(CallerIdentity caller, string operation, JsonObject? input = null) => CallAsync(caller, "iam", operation, input);

    public Task<AwsServiceException> IamFailsAsync(CallerIdentity caller, string operation, JsonObject? input = null) =>
        FailsAsync(caller, "iam", operation, input);

    /// <summary>
    /// Authenticates an access key as the pipeline does: unknown keys and wrong session tokens fail, expired
    /// credentials fail. Returns null when the pipeline would reject the key.
    /// </summary>
    public async Task<ResolvedCredential?> AuthenticateAsync(string accessKeyId, string? sessionToken = null)
    {
        var resolved = await Credentials.FindAsync(accessKeyId, CancellationToken.None);
        if (resolved is null || resolved.SessionToken != sessionToken)
        {
            return null;
        }
        return resolved.Expiration is { } expiration && expiration <= Time.GetUtcNow() ? null : resolved;
    }

    /// <summary>Creates a user with an access key and the given inline policy; returns its identity.</summary>
    public async Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string? policy = null, string path = "/")
    {
        await IamAsync(account.Root, "CreateUser", new JsonObject { ["UserName"] = userName, ["Path"] = path });
        if (policy is not null)
        {
            await IamAsync(account.Root, "PutUserPolicy", new JsonObject
            {
                ["UserName"] = userName,
                ["PolicyName"] = "inline",
                ["PolicyDocument"] = policy,
            });
        }
        var key = (await IamAsync(account.Root, "CreateAccessKey", new JsonObject { ["UserName"] = userName }))["AccessKey"]!;
        return (await AuthenticateAsync(key["AccessKeyId"]!.GetValue<string>()))!.Caller;
    }

    public static string Allow(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public static string Deny(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>A test class gets a fresh host (and database) per test.</summary>
public abstract class IamTestBase : IAsyncLifetime
{
    internal IamTestHost Host { get; private set; } = null!;

    internal TestAccount Account { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await IamTestHost.StartAsync();
        Account = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal static JsonObject Input(params (string Name, JsonNode? Value)[] members)
    {
        var input = new JsonObject();
        foreach (var (name, value) in members)
        {
            input[name] = value;
        }
        return input;
    }

    internal static string Text(JsonNode? node) => node!.GetValue<string>();
}
