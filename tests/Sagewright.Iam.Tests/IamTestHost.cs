using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.TestSupport;
using Xunit;

namespace Sagewright.Iam.Tests;

/// <summary>
/// The IAM module over a real database (SQLite in a temp directory; PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names
/// postgres and SAGEWRIGHT_TEST_POSTGRES gives its connection string). Calls go the way the pipeline sends them:
/// input validated against the model, authorized with the operation's Access, handled, and the output serialized
/// by the query codec.
/// </summary>
internal sealed class IamTestHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly IamStack _iam;

    private IamTestHost(string directory, IDatabase database, IamOptions options)
    {
        _directory = directory;
        Database = database;
        _iam = new IamStack(database, Time, options);
    }

    public static Sagewright.Protocol.Routing.ServiceCatalog Catalog => IamStack.Catalog;

    public IDatabase Database { get; }
    public ManualTime Time { get; } = new();
    public Sagewright.Protocol.Pipeline.OperationRegistry Registry => _iam.Registry;
    public IamCache Cache => _iam.Cache;
    public CredentialResolver Credentials => _iam.Credentials;
    public AccountAdministration Accounts => _iam.Accounts;

    public static async Task<IamTestHost> StartAsync(IamOptions? iamOptions = null)
    {
        var directory = TestBackends.NewDirectory("sagewright-iam-tests-");
        var database = await TestBackends.OpenAsync(directory);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        return new IamTestHost(directory, database, iamOptions ?? new IamOptions());
    }

    public Task<TestAccount> NewAccountAsync() => _iam.Identities.NewAccountAsync();

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null,
        string accessKeyId = OperationInvoker.DefaultAccessKeyId, string region = "us-east-1") =>
        _iam.Invoker.CallAsync(caller, service, operation, input, accessKeyId, region);

    public async Task<AwsServiceException> FailsAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null,
        string accessKeyId = OperationInvoker.DefaultAccessKeyId) =>
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
    public Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string? policy = null, string path = "/") =>
        _iam.Identities.NewUserAsync(account.AccountId, userName, policy, path);

    public static string Allow(string action, string resource = "*") => TestPolicies.Allow(action, resource);

    public static string Deny(string action, string resource = "*") => TestPolicies.Deny(action, resource);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        TestBackends.DeleteDirectory(_directory);
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
