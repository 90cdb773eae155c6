using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sagewright.Core;
using Sagewright.Protocol.Contracts;

namespace Sagewright.SageMaker.Registry.Replication;

/// <summary>
/// The "replicate model package" rule target (hub-and-spoke registries): for a "SageMaker Model Package State
/// Change" event from any account, it acts as the target's role (assumed by events.amazonaws.com for the rule) and,
/// over Sagewright's own HTTP APIs, describes the source package, copies each container's ModelDataUrl object under
/// the target's ArtifactS3Uri, and creates a new version in the hub group pointing at the copies. The ClientToken is
/// derived from the source ARN and the hub group, so each source package becomes exactly one hub version however
/// many events name it (a redelivery, or SageMaker's several events for one state change).
/// Refusals (role not trusted, access denied, invalid input) fail for good; 5xx, throttling and timeouts are retried.
/// </summary>
internal sealed partial class ModelPackageReplicationTarget(IServiceRoleSessions roles, IPlatformEndpoint endpoint, TimeProvider time)
    : IEventTarget
{
    public const string SourceArnMetadataKey = "sagewright:SourceModelPackageArn";
    private const string EventsPrincipal = "events.amazonaws.com";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [GeneratedRegex(@"^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package-group/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex GroupArnPattern();

    public static bool IsGroupArn(string arn) => GroupArnPattern().IsMatch(arn);

    public bool Accepts(string targetArn) => IsGroupArn(targetArn);

    public ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken)
    {
        var (_, error) = ReplicationTargetOptions.From(target.Target);
        return ValueTask.FromResult(error is null ? TargetCheck.Valid : new TargetCheck("ValidationException", error));
    }

    public async ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken)
    {
        var (options, error) = ReplicationTargetOptions.From(invocation.Target);
        if (options is null)
        {
            return TargetOutcome.Fail(error!);
        }
        if (invocation.Event["detail-type"]?.GetValue<string>() != RegistryEvents.PackageStateChange
            || invocation.Event["detail"]?["ModelPackageArn"]?.GetValue<string>() is not { Length: > 0 } sourceArn)
        {
            return TargetOutcome.Fail($"A model package group target replicates \"{RegistryEvents.PackageStateChange}\" events with detail.ModelPackageArn only.");
        }
        ResolvedCredential credential;
        try
        {
            credential = await roles.AssumeRoleAsync(new ServiceRoleRequest(options.RoleArn, EventsPrincipal, invocation.RuleAccountId,
                invocation.RuleArn, "ModelPackageReplication", TimeSpan.FromMinutes(15)), cancellationToken);
        }
        catch (AwsServiceException denied) when (denied.StatusCode < 500)
        {
            return TargetOutcome.Fail($"{denied.Code}: {denied.Message}");
        }
        var client = new PlatformClient(Http, endpoint.BaseAddress, credential, invocation.Region, time);
        try
        {
            return await ReplicateAsync(client, options, sourceArn, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TargetOutcome.Retry($"Sagewright's API did not answer: {e.Message}");
        }
    }

    private static async Task<TargetOutcome> ReplicateAsync(PlatformClient client, ReplicationTargetOptions options, string sourceArn,
        CancellationToken cancellationToken)
    {
        var described = await client.SageMakerAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = sourceArn }, cancellationToken);
        if (!described.Succeeded)
        {
            return Outcome(described);
        }
        var source = described.Body!;
        var specification = source["InferenceSpecification"]?.DeepClone() as JsonObject;
        var containers = specification?["Containers"] as JsonArray ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i]?["ModelDataUrl"]?.GetValue<string>() is not { } url)
            {
                continue;
            }
            if (!ReplicationTargetOptions.TrySplitS3Uri(url, out var sourceBucket, out var sourceKey) || sourceKey.Length == 0)
            {
                return TargetOutcome.Fail($"ModelDataUrl {url} of {sourceArn} is not an S3 object URL.");
            }
            var key = ArtifactKey(options, sourceArn, i, sourceKey);
            var copied = await client.CopyObjectAsync(sourceBucket, sourceKey, options.ArtifactBucket, key, cancellationToken);
            if (!copied.Succeeded)
            {
                return Outcome(copied);
            }
            containers[i]!["ModelDataUrl"] = $"s3://{options.ArtifactBucket}/{key}";
        }
        var created = await client.SageMakerAsync("CreateModelPackage", CreateInput(options, source, specification, sourceArn), cancellationToken);
        return created.Succeeded ? TargetOutcome.Success : Outcome(created);
    }

    private static JsonObject CreateInput(ReplicationTargetOptions options, JsonObject source, JsonObject? specification, string sourceArn)
    {
        var metadata = source["CustomerMetadataProperties"]?.DeepClone() as JsonObject ?? [];
        metadata[SourceArnMetadataKey] = sourceArn;
        var input = new JsonObject
        {
            ["ModelPackageGroupName"] = options.GroupArn,
            ["ModelApprovalStatus"] = options.ApprovalStatus ?? source["ModelApprovalStatus"]?.GetValue<string>() ?? "PendingManualApproval",
            ["CustomerMetadataProperties"] = metadata,
            ["ClientToken"] = ClientToken(sourceArn, options.GroupArn),
        };
        if (specification is not null)
        {
            input["InferenceSpecification"] = specification;
        }
        foreach (var member in (string[])["ModelMetrics", "MetadataProperties", "ModelPackageDescription"])
        {
            if (source[member] is { } value)
            {
                input[member] = value.DeepClone();
            }
        }
        return input;
    }

    /// <summary>PREFIX/SOURCE-ACCOUNT/PACKAGE-PATH/CONTAINER-INDEX/FILE: distinct per source package and container.</summary>
    private static string ArtifactKey(ReplicationTargetOptions options, string sourceArn, int container, string sourceKey)
    {
        var parts = sourceArn.Split(':', 6);
        var packagePath = parts.Length == 6 && parts[5].StartsWith("model-package/", StringComparison.Ordinal) ? parts[5]["model-package/".Length..] : "package";
        var file = sourceKey[(sourceKey.LastIndexOf('/') + 1)..];
        return $"{options.ArtifactPrefix}{parts.ElementAtOrDefault(4)}/{packagePath}/{container}/{file}";
    }

    /// <summary>32 hex characters of SHA-256(source ARN, hub group ARN): fits ClientToken ([a-zA-Z0-9-]{1,36}).</summary>
    public static string ClientToken(string sourceArn, string hubGroupArn) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceArn + "\n" + hubGroupArn)))[..32];

    private static TargetOutcome Outcome(PlatformResponse response) =>
        response.Retryable ? TargetOutcome.Retry(response.Error) : TargetOutcome.Fail(response.Error);
}
