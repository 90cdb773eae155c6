using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Sagewright.SageMaker.Registry.Tags;
using Sagewright.TestSupport;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>
/// The registry module, with IAM for accounts, users and their policies, over a real database (SQLite in a temp
/// directory; PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names postgres and SAGEWRIGHT_TEST_POSTGRES gives its
/// connection string). Calls go the way the pipeline sends them: input validated against the model, authorized
/// with the operation's Access, handled, and the output serialized by the service's codec.
/// </summary>
internal sealed class RegistryTestHost : IAsyncDisposable
{
    private readonly IamStack _iam;

    private RegistryTestHost(string directory, IDatabase database)
    {
        Directory = directory;
        Database = database;
        _iam = new IamStack(database, Time);
        var errors = new RegistryErrors(Catalog);
        new RegistryModule(database, errors, Time, new RegistryEvents(Events), Authorizer).Register(Registry);
        new SageMakerTagsModule(database, errors, [new ModelPackageTaggedResources(errors)]).Register(Registry);
    }

    public static ServiceCatalog Catalog => IamStack.Catalog;

    public string Directory { get; }
    public IDatabase Database { get; }
    public ManualTime Time { get; } = new();
    public Authorizer Authorizer => _iam.Authorizer;
    public OperationRegistry Registry => _iam.Registry;
    public RecordingEventPublisher Events { get; } = new();

    public static bool OnPostgres => TestBackends.OnPostgres;

    public static async Task<RegistryTestHost> StartAsync()
    {
        var directory = TestBackends.NewDirectory("sagewright-registry-tests-");
        var database = await TestBackends.OpenAsync(directory);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        await new RegistryMigrations(database).RunAsync(CancellationToken.None);
        return new RegistryTestHost(directory, database);
    }

    public Task<TestAccount> NewAccountAsync() => _iam.Identities.NewAccountAsync();

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null) =>
        _iam.Invoker.CallAsync(caller, service, operation, input);

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
public abstract class RegistryTestBase : IAsyncLifetime
{
    internal RegistryTestHost Host { get; private set; } = null!;

    internal TestAccount Account { get; private set; } = null!;

    internal CallerIdentity Root => Account.Root;

    public async Task InitializeAsync()
    {
        Host = await RegistryTestHost.StartAsync();
        Account = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal Task<JsonObject> SageMakerAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        Host.CallAsync(caller ?? Root, "sagemaker", operation, input);

    internal async Task<AwsServiceException> FailsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => SageMakerAsync(operation, input, caller));

    internal static string Text(JsonNode? node) => node!.GetValue<string>();

    internal static JsonArray TagList(params (string Key, string Value)[] tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

    internal async Task<string> CreateGroupAsync(string name, string? description = null, CallerIdentity? caller = null)
    {
        var input = new JsonObject { ["ModelPackageGroupName"] = name };
        if (description is not null)
        {
            input["ModelPackageGroupDescription"] = description;
        }
        return Text((await SageMakerAsync("CreateModelPackageGroup", input, caller))["ModelPackageGroupArn"]);
    }

    internal async Task<string> CreateVersionAsync(string group, string? approval = null, string? clientToken = null, CallerIdentity? caller = null)
    {
        var input = new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["InferenceSpecification"] = new JsonObject
            {
                ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1", ["ModelDataUrl"] = "s3://models/model.tar.gz" }),
                ["SupportedContentTypes"] = new JsonArray("text/csv"),
                ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
            },
        };
        if (approval is not null)
        {
            input["ModelApprovalStatus"] = approval;
        }
        if (clientToken is not null)
        {
            input["ClientToken"] = clientToken;
        }
        return Text((await SageMakerAsync("CreateModelPackage", input, caller))["ModelPackageArn"]);
    }

    internal string GroupArn(string name, string? account = null) =>
        $"arn:aws:sagemaker:us-east-1:{account ?? Account.AccountId}:model-package-group/{name.ToLowerInvariant()}";

    internal string PackageArn(string group, int version, string? account = null) =>
        $"arn:aws:sagemaker:us-east-1:{account ?? Account.AccountId}:model-package/{group.ToLowerInvariant()}/{version}";

    internal static string Allow(string action, string resource = "*") => TestPolicies.Allow(action, resource);
}
