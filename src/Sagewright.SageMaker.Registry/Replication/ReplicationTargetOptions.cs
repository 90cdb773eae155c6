using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Replication;

/// <summary>
/// A replication target as PutTargets stores it: Arn = the hub's model package group, RoleArn = the role to act as,
/// and options in SageMakerPipelineParameters.PipelineParameterList (a Sagewright convention, since EventBridge has
/// no parameter block of its own for this kind): ArtifactS3Uri (required, s3://bucket/prefix/) and
/// ModelApprovalStatus (optional; the source package's by default).
/// </summary>
internal sealed record ReplicationTargetOptions(string GroupArn, string RoleArn, string ArtifactBucket, string ArtifactPrefix, string? ApprovalStatus)
{
    private static readonly string[] ApprovalStatuses = ["Approved", "Rejected", "PendingManualApproval"];

    /// <summary>The options, or why the target cannot be used.</summary>
    public static (ReplicationTargetOptions? Options, string? Error) From(JsonObject target)
    {
        var arn = target["Arn"]?.GetValue<string>() ?? "";
        if (!ModelPackageReplicationTarget.IsGroupArn(arn))
        {
            return (null, $"Target ARN {arn} is not a model package group ARN.");
        }
        if (target["RoleArn"]?.GetValue<string>() is not { Length: > 0 } roleArn)
        {
            return (null, "RoleArn is required for a model package group target.");
        }
        var parameters = (target["SageMakerPipelineParameters"]?["PipelineParameterList"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToDictionary(p => p["Name"]?.GetValue<string>() ?? "", p => p["Value"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
        if (parameters.Keys.FirstOrDefault(k => k is not ("ArtifactS3Uri" or "ModelApprovalStatus")) is { } unknown)
        {
            return (null, $"Unknown pipeline parameter {unknown} for a model package group target: use ArtifactS3Uri and ModelApprovalStatus.");
        }
        if (!parameters.TryGetValue("ArtifactS3Uri", out var uri) || !TrySplitS3Uri(uri, out var bucket, out var prefix))
        {
            return (null, "The pipeline parameter ArtifactS3Uri (s3://bucket/prefix/) is required for a model package group target.");
        }
        var approval = parameters.GetValueOrDefault("ModelApprovalStatus");
        if (approval is not null && !ApprovalStatuses.Contains(approval))
        {
            return (null, $"ModelApprovalStatus {approval} is not one of {string.Join(", ", ApprovalStatuses)}.");
        }
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }
        return (new ReplicationTargetOptions(arn, roleArn, bucket, prefix, approval), null);
    }

    public static bool TrySplitS3Uri(string uri, out string bucket, out string key)
    {
        (bucket, key) = ("", "");
        if (!uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }
        var path = uri["s3://".Length..];
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        (bucket, key) = slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
        return bucket.Length > 0;
    }
}
