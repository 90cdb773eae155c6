using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;

namespace Sagewright.SageMaker.Hosting.Tests;

/// <summary>
/// The hosting module with IAM over a real database (SQLite in a temp directory; PostgreSQL when
/// SAGEWRIGHT_TEST_BACKENDS names postgres). Calls go as the pipeline sends them: validated against the model,
/// authorized with the operation's Access, handled, and serialized by the service's codec.
/// </summary>
internal sealed class HostingTestHost : IAsyncDisposable
{
    private readonly IamStack _iam;

    private HostingTestHost(string directory, IDatabase database)
    {
        Directory = directory;
        Database = database;
        _iam = new IamStack(database, Time);
        new HostingModule(database, new HostingErrors(IamStack.Catalog), Time, _iam.Authorizer).Register(_iam.Registry);
    }

    public string Directory { get; }
    public IDatabase Database { get; }
    public ManualTime Time { get; } = new();

    public static async Task<HostingTestHost> StartAsync()
    {
        var directory = TestBackends.NewDirectory("sagewright-hosting-tests-");
        var database = await TestBackends.OpenAsync(directory);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        await new HostingMigrations(database).RunAsync(CancellationToken.None);
        return new HostingTestHost(directory, database);
    }

    public Task<TestAccount> NewAccountAsync() => _iam.Identities.NewAccountAsync();

    public Task<JsonObject> CallAsync(CallerIdentity caller, string operation, JsonObject? input) =>
        _iam.Invoker.CallAsync(caller, "sagemaker", operation, input);

    public Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string policy) =>
        _iam.Identities.NewUserAsync(account.AccountId, userName, policy);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        TestBackends.DeleteDirectory(Directory);
    }
}

/// <summary>A fresh host (and database) and account per test, with builders for valid inputs.</summary>
public abstract class HostingTestBase : IAsyncLifetime
{
    internal HostingTestHost Host { get; private set; } = null!;
    internal TestAccount Account { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await HostingTestHost.StartAsync();
        Account = await Host.NewAccountAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    internal Task<JsonObject> SageMakerAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        Host.CallAsync(caller ?? Account.Root, operation, input);

    internal async Task<AwsServiceException> FailsAsync(string operation, JsonObject? input = null, CallerIdentity? caller = null) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => SageMakerAsync(operation, input, caller));

    internal static string Text(JsonNode? node) => node!.GetValue<string>();

    internal string RoleArn => $"arn:aws:iam::{Account.AccountId}:role/sagemaker-execution";

    internal string ModelArn(string name) => $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model/{name.ToLowerInvariant()}";

    internal string ConfigArn(string name) => $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:endpoint-config/{name.ToLowerInvariant()}";

    internal static JsonObject Container(string? hostname = null, JsonObject? environment = null)
    {
        var container = new JsonObject
        {
            ["Image"] = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.8.1-cpu-py36-ubuntu18.04",
            ["ModelDataUrl"] = "s3://models/mnist/model.tar.gz",
        };
        if (hostname is not null)
        {
            container["ContainerHostname"] = hostname;
        }
        if (environment is not null)
        {
            container["Environment"] = environment;
        }
        return container;
    }

    internal JsonObject ModelInput(string name, JsonObject? primary = null) => new()
    {
        ["ModelName"] = name,
        ["ExecutionRoleArn"] = RoleArn,
        ["PrimaryContainer"] = primary ?? Container(),
    };

    internal JsonObject MultiContainerInput(string name, string mode, params JsonObject[] containers) => new()
    {
        ["ModelName"] = name,
        ["ExecutionRoleArn"] = RoleArn,
        ["Containers"] = new JsonArray(containers.ToArray<JsonNode>()),
        ["InferenceExecutionConfig"] = new JsonObject { ["Mode"] = mode },
    };

    internal async Task<string> CreateModelAsync(string name) => Text((await SageMakerAsync("CreateModel", ModelInput(name)))["ModelArn"]);

    internal static JsonObject Variant(string name, string model, double? weight = null)
    {
        var variant = new JsonObject
        {
            ["VariantName"] = name,
            ["ModelName"] = model,
            ["InitialInstanceCount"] = 1,
            ["InstanceType"] = "ml.m5.large",
        };
        if (weight is not null)
        {
            variant["InitialVariantWeight"] = weight;
        }
        return variant;
    }

    internal static JsonObject ConfigInput(string name, params JsonObject[] variants) => new()
    {
        ["EndpointConfigName"] = name,
        ["ProductionVariants"] = new JsonArray(variants.ToArray<JsonNode>()),
    };
}
