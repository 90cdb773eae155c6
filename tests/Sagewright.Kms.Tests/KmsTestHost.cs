using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Sagewright.TestSupport;

namespace Sagewright.Kms.Tests;

/// <summary>
/// The KMS module, with IAM for accounts, users and their policies, over a real database (SQLite in a temp
/// directory; PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names postgres and SAGEWRIGHT_TEST_POSTGRES gives its
/// connection string). Calls go the way the pipeline sends them: input validated against the model, authorized
/// with the operation's Access, handled, and the output serialized by the service's codec.
/// </summary>
internal sealed class KmsTestHost : IAsyncDisposable
{
    private readonly IamStack _iam;

    private KmsTestHost(string directory, IDatabase database, MasterKeySource masterKey)
    {
        Directory = directory;
        Database = database;
        MasterKey = masterKey;
        _iam = new IamStack(database, Time);
        Keys = new KmsKeys(database, masterKey, Authorizer, new KmsErrors(Catalog), Time);
        new KmsModule(Keys, Authorizer, Time).Register(Registry);
        DataKeys = new KmsDataKeys(Keys);
    }

    public static ServiceCatalog Catalog => IamStack.Catalog;

    public string Directory { get; }
    public IDatabase Database { get; }
    public MasterKeySource MasterKey { get; }
    public ManualTime Time { get; } = new();
    public Authorizer Authorizer => _iam.Authorizer;
    public OperationRegistry Registry => _iam.Registry;
    public KmsKeys Keys { get; }
    public KmsDataKeys DataKeys { get; }

    public static bool OnPostgres => TestBackends.OnPostgres;

    public static async Task<KmsTestHost> StartAsync()
    {
        var directory = TestBackends.NewDirectory("sagewright-kms-tests-");
        var database = await OpenDatabaseAsync(directory);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        var masterKey = new MasterKeySource(new KmsOptions { MasterKeyFile = Path.Combine(directory, "kms-master.key") }, database, TimeProvider.System);
        await KmsStore.MigrateAsync(database, CancellationToken.None);
        // A shared PostgreSQL database outlives each test's key file, so tests there use a key unchecked against it.
        if (OnPostgres)
        {
            masterKey.Use(Kms.MasterKey.Generate());
        }
        else
        {
            await masterKey.LoadAsync(CancellationToken.None);
        }
        return new KmsTestHost(directory, database, masterKey);
    }

    public static Task<IDatabase> OpenDatabaseAsync(string directory) => TestBackends.OpenAsync(directory);

    public Task<TestAccount> NewAccountAsync() => _iam.Identities.NewAccountAsync();

    public RequestContext Context(CallerIdentity caller, string service, string operation, string region = "us-east-1") =>
        _iam.Invoker.Context(caller, service, operation, region);

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null, string region = "us-east-1") =>
        _iam.Invoker.CallAsync(caller, service, operation, input, region: region);

    public Task<JsonObject> KmsAsync(CallerIdentity caller, string operation, JsonObject? input = null, string region = "us-east-1") =>
        CallAsync(caller, "kms", operation, input, region);

    public async Task<AwsServiceException> KmsFailsAsync(CallerIdentity caller, string operation, JsonObject? input = null, string region = "us-east-1") =>
        await Assert.ThrowsAsync<AwsServiceException>(() => KmsAsync(caller, operation, input, region));

    /// <summary>Creates a user with an access key and the given inline policy; returns its identity.</summary>
    public Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string? policy = null) =>
        _iam.Identities.NewUserAsync(account.AccountId, userName, policy);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        TestBackends.DeleteDirectory(Directory);
    }
}

/// <summary>A test class gets a fresh host (and database) per test, and an account.</summary>
public abstract class KmsTestBase : IAsyncLifetime
{
    internal KmsTestHost Host { get; private set; } = null!;

    internal TestAccount Account { get; private set; } = null!;

    internal CallerIdentity Root => Account.Root;

    public async Task InitializeAsync()
    {
        Host = await KmsTestHost.StartAsync();
        Account = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal static string Text(JsonNode? node) => node!.GetValue<string>();

    internal static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    internal static string Utf8(JsonNode? base64) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Text(base64)));

    internal static JsonObject Context(params (string Key, string Value)[] entries)
    {
        var context = new JsonObject();
        foreach (var (key, value) in entries)
        {
            context[key] = value;
        }
        return context;
    }

    /// <summary>Creates a key (default policy unless one is given) and returns its key id.</summary>
    internal async Task<string> CreateKeyAsync(CallerIdentity? caller = null, string? policy = null, bool bypassLockoutCheck = false)
    {
        var input = new JsonObject { ["Description"] = "test key" };
        if (policy is not null)
        {
            input["Policy"] = policy;
            input["BypassPolicyLockoutSafetyCheck"] = bypassLockoutCheck;
        }
        return Text((await Host.KmsAsync(caller ?? Root, "CreateKey", input))["KeyMetadata"]!["KeyId"]);
    }

    internal async Task<JsonObject> EncryptAsync(string keyId, string plaintext, JsonObject? context = null, CallerIdentity? caller = null)
    {
        var input = new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = B64(plaintext) };
        if (context is not null)
        {
            input["EncryptionContext"] = context;
        }
        return await Host.KmsAsync(caller ?? Root, "Encrypt", input);
    }

    internal static JsonObject DecryptInput(JsonNode? ciphertext, JsonObject? context = null, string? keyId = null)
    {
        var input = new JsonObject { ["CiphertextBlob"] = Text(ciphertext) };
        if (context is not null)
        {
            input["EncryptionContext"] = context;
        }
        if (keyId is not null)
        {
            input["KeyId"] = keyId;
        }
        return input;
    }

    internal static string KeyArn(string accountId, string keyId) => $"arn:aws:kms:us-east-1:{accountId}:key/{keyId}";

    internal static string Allow(string action, string resource = "*") => TestPolicies.Allow(action, resource);

    /// <summary>A key policy with one statement per (effect, principal, action), resource "*".</summary>
    internal static string KeyPolicy(params (string Effect, string Principal, string Action)[] statements) =>
        new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(statements.Select(s => (JsonNode)new JsonObject
            {
                ["Effect"] = s.Effect,
                ["Principal"] = new JsonObject { ["AWS"] = s.Principal },
                ["Action"] = s.Action,
                ["Resource"] = "*",
            }).ToArray()),
        }.ToJsonString();
}
