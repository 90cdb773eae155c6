using Sagewright.Data;

namespace Sagewright.SageMaker.Registry.Tags;

/// <summary>
/// One SageMaker resource family that carries tags (the registry's groups and packages; later models, endpoints,
/// notebook instances...). AddTags/ListTags/DeleteTags keep every family's tags in one store keyed by ARN and ask the
/// family's owner only whether an ARN names one of its resources that exists. Lives here until a SageMaker core
/// project exists; each new family registers one implementation in DI.
/// </summary>
internal interface ISageMakerTaggedResources
{
    /// <summary>Whether this owner names resources of this type (the ARN's resource part up to its first '/').</summary>
    bool Owns(string resourceType);

    /// <summary>
    /// The resource's canonical ARN if it exists (SageMaker ARNs carry names lower-cased), else null. Runs inside the
    /// tag change's write transaction, so a resource deleted concurrently never keeps tags.
    /// </summary>
    Task<string?> FindAsync(DbSession db, SageMakerResourceArn arn);
}

/// <summary>arn:aws:sagemaker:REGION:ACCOUNT:TYPE/PATH.</summary>
internal sealed record SageMakerResourceArn(string AccountId, string Region, string ResourceType, string Path)
{
    public static SageMakerResourceArn? TryParse(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts is not ["arn", _, "sagemaker", { Length: > 0 } region, { Length: 12 } account, var resource])
        {
            return null;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < resource.Length - 1
            ? new SageMakerResourceArn(account, region, resource[..slash], resource[(slash + 1)..])
            : null;
    }
}
