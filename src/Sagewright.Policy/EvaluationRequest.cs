namespace Sagewright.Policy;

public enum PrincipalType { Root, User, AssumedRole, Service, Anonymous }

/// <param name="Arn">The caller's ARN: user ARN, session ARN (<c>arn:aws:sts::ACCT:assumed-role/ROLE/SESSION</c>), <c>arn:aws:iam::ACCT:root</c>, or empty.</param>
/// <param name="RoleArn">For role sessions: the role ARN including its path.</param>
/// <param name="ServiceName">For service principals, e.g. <c>events.amazonaws.com</c>.</param>
public sealed record PrincipalInfo(string Arn, string AccountId, PrincipalType Type, string? RoleArn = null, string? ServiceName = null);

public enum ResourcePolicyMode
{
    /// <summary>S3-style: in the same account the identity policy or the resource policy suffices.</summary>
    Optional,

    /// <summary>
    /// KMS key policies and role trust policies: the resource policy must allow, either naming the caller directly
    /// or naming the account (<c>arn:aws:iam::ACCT:root</c> / <c>ACCT</c>), which then delegates to the identity policy.
    /// </summary>
    Required,
}

public sealed class EvaluationRequest
{
    public required PrincipalInfo Principal { get; init; }

    /// <summary>e.g. <c>s3:GetObject</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The resource ARN, or <c>*</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>Owner account of the resource; empty when not applicable (treated as the caller's account).</summary>
    public required string ResourceAccount { get; init; }

    public IReadOnlyList<PolicyDocument> IdentityPolicies { get; init; } = [];
    public PolicyDocument? ResourcePolicy { get; init; }
    public ResourcePolicyMode ResourcePolicyMode { get; init; } = ResourcePolicyMode.Optional;
    public IReadOnlyList<PolicyDocument> SessionPolicies { get; init; } = [];
    public PolicyDocument? PermissionsBoundary { get; init; }

    /// <summary>
    /// Condition keys to values (key names are compared case-insensitively whatever the dictionary's comparer):
    /// aws:username, aws:userid, aws:PrincipalArn, aws:SourceIp, aws:CurrentTime (ISO-8601), aws:SecureTransport ("true"/"false")...
    /// Policy variables <c>${...}</c> resolve from here.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } = EmptyContext;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyContext =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}
