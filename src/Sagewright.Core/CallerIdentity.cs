namespace Sagewright.Core;

public enum PrincipalKind
{
    Root = 0,
    User = 1,
    AssumedRole = 2,
}

/// <summary>
/// Who is calling, as resolved from the access key of a verified SigV4 signature.
/// </summary>
/// <param name="AccountId">12-digit account the principal belongs to.</param>
/// <param name="Arn">arn:aws:iam::ACCT:root, arn:aws:iam::ACCT:user/path/name or arn:aws:sts::ACCT:assumed-role/role/session.</param>
/// <param name="UserId">AIDA… for users, AROA…:session for role sessions, the account id for root.</param>
/// <param name="UserName">The IAM user name (users only; the value of ${aws:username}).</param>
/// <param name="RoleArn">For role sessions, the role's ARN including its path.</param>
/// <param name="SessionName">For role sessions, RoleSessionName.</param>
/// <param name="SessionPolicy">For role sessions, the inline session policy passed to AssumeRole.</param>
/// <param name="TokenIssueTime">For temporary credentials, when they were issued.</param>
public sealed record CallerIdentity(
    string AccountId,
    string Arn,
    string UserId,
    PrincipalKind Kind,
    string? UserName = null,
    string? RoleArn = null,
    string? SessionName = null,
    string? SessionPolicy = null,
    DateTimeOffset? TokenIssueTime = null)
{
    public static CallerIdentity Root(string accountId) =>
        new(accountId, $"arn:aws:iam::{accountId}:root", accountId, PrincipalKind.Root);
}

/// <summary>A secret and the identity it authenticates, for SigV4 verification.</summary>
public sealed record ResolvedCredential(
    string AccessKeyId,
    string SecretAccessKey,
    CallerIdentity Caller,
    string? SessionToken = null,
    DateTimeOffset? Expiration = null);

/// <summary>Finds the secret for an access key id. Implemented by the IAM module.</summary>
public interface ICredentialResolver
{
    ValueTask<ResolvedCredential?> FindAsync(string accessKeyId, CancellationToken cancellationToken);
}

/// <summary>A policy document as text, with where it came from (for the policy simulator's output).</summary>
/// <param name="SourceType">user, group, role, aws-managed, user-managed, resource, none (IAM simulator vocabulary).</param>
public sealed record PolicyText(string Document, string SourceId, string SourceType);

/// <summary>The identity-based policies that apply to a caller. Implemented by the IAM module.</summary>
public interface IIdentityPolicySource
{
    /// <summary>Identity policies of the caller (inline and attached), plus its permissions boundary if any.</summary>
    ValueTask<IdentityPolicySet> GetPoliciesAsync(CallerIdentity caller, CancellationToken cancellationToken);
}

public sealed record IdentityPolicySet(IReadOnlyList<PolicyText> Policies, PolicyText? PermissionsBoundary = null);
