using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>A clock the tests move.</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

internal sealed record TestAccount(string AccountId)
{
    public CallerIdentity Root => CallerIdentity.Root(AccountId);
}

/// <summary>
/// The registry module, with IAM for accounts, users and their policies, over a real database (SQLite in a temp
/// directory; PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names postgres and SAGEWRIGHT_TEST_POSTGRES gives its
/// connection string). Calls go the way the pipeline sends them: input validated against the model, authorized
/// with the operation's Access, handled, and the output serialized by the service's codec.
/// </summary>
internal sealed class RegistryTestHost : IAsyncDisposable
{
    private static readonly Lazy<ServiceCatalog> SharedCatalog = new(ServiceCatalog.LoadEmbedded);

    private readonly CodecSet _codecs = new();
    private readonly CredentialResolver _credentials;
    private readonly AccountAdministration _accounts;

    private RegistryTestHost(string directory, IDatabase database)
    {
        Directory = directory;
        Database = database;
        var iamOptions = new IamOptions();
        var cache = new IamCache(iamOptions, Time);
        Authorizer = new Authorizer(new IdentityPolicySource(database, cache), new PolicyDocumentCache());
        Registry = new OperationRegistry(Catalog);
        new IamModule(database, Catalog, Authorizer, Time, iamOptions, cache).Register(Registry);
        var errors = new RegistryErrors(Catalog);
        new RegistryModule(database, errors, Time, new RegistryEvents(Events), Authorizer).Register(Registry);
        new SageMakerTagsModule(database, errors, [new ModelPackageTaggedResources(errors)]).Register(Registry);
        _credentials = new CredentialResolver(database, cache);
        _accounts = new AccountAdministration(database, Time);
    }

    public static ServiceCatalog Catalog => SharedCatalog.Value;

    public string Directory { get; }
    public IDatabase Database { get; }
    public ManualTime Time { get; } = new();
    public Authorizer Authorizer { get; }
    public OperationRegistry Registry { get; }
    public RecordingEventPublisher Events { get; } = new();

    public static bool OnPostgres =>
        (Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_BACKENDS") ?? "").Contains("postgres", StringComparison.OrdinalIgnoreCase);

    public static async Task<RegistryTestHost> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sagewright-registry-tests-" + Guid.NewGuid().ToString("N"));
        var options = new DatabaseOptions { DataDirectory = directory };
        if (OnPostgres)
        {
            // Tests stay apart on a shared PostgreSQL database because every row starts with a fresh account id.
            options.PostgresConnectionString = Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_POSTGRES") is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("SAGEWRIGHT_TEST_BACKENDS names postgres but SAGEWRIGHT_TEST_POSTGRES is not set.");
        }
        var database = await DatabaseFactory.OpenAsync(options, CancellationToken.None);
        await new IamMigrations(database).RunAsync(CancellationToken.None);
        await new RegistryMigrations(database).RunAsync(CancellationToken.None);
        return new RegistryTestHost(directory, database);
    }

    public async Task<TestAccount> NewAccountAsync() =>
        new((await _accounts.CreateAccountAsync("account-" + Guid.NewGuid().ToString("N")[..12], CancellationToken.None)).AccountId);

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public async Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null)
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
            Region = "us-east-1",
            Caller = caller,
            AccessKeyId = "AKIAEXAMPLEEXAMPLE00",
            ReceivedAt = Time.GetUtcNow(),
            SourceIp = "127.0.0.1",
        };
        if (model.Input is { } shape)
        {
            ShapeValidator.Validate(model.Service, shape, input);
        }
        var registration = Registry.Find(model) ?? throw new InvalidOperationException($"{service}:{operation} is not registered.");
        var call = new OperationCall(context, input, null);
        await Authorizer.AuthorizeOperationAsync(registration, call);
        var result = await registration.Handler(call);
        // Serializing proves the output fits the model's shapes as the wire writer sees them.
        await _codecs.For(model.Service).WriteOutputAsync(context.Http.Response, model, result, context.RequestId);
        return result.Output;
    }

    /// <summary>Creates a user with an access key and the given inline policy; returns its identity.</summary>
    public async Task<CallerIdentity> NewUserAsync(TestAccount account, string userName, string? policy = null)
    {
        await CallAsync(account.Root, "iam", "CreateUser", new JsonObject { ["UserName"] = userName });
        if (policy is not null)
        {
            await CallAsync(account.Root, "iam", "PutUserPolicy", new JsonObject
            {
                ["UserName"] = userName,
                ["PolicyName"] = "inline",
                ["PolicyDocument"] = policy,
            });
        }
        var key = (await CallAsync(account.Root, "iam", "CreateAccessKey", new JsonObject { ["UserName"] = userName }))["AccessKey"]!;
        return (await _credentials.FindAsync(key["AccessKeyId"]!.GetValue<string>(), CancellationToken.None))!.Caller;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
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

    internal static string Allow(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}]}""";
}
