using Sagewright.Core;

namespace Sagewright.Iam;

/// <summary>
/// IAM ARNs. IAM is global: its ARNs have no region whatever region the request was signed for.
/// Paths start and end with '/', so the ARN is the resource type, the path and the name run together.
/// </summary>
internal static class IamArns
{
    /// <summary>The account segment of AWS managed policy ARNs (arn:aws:iam::aws:policy/AdministratorAccess).</summary>
    public const string AwsAccount = "aws";

    public static string User(string accountId, string path, string name) => $"arn:aws:iam::{accountId}:user{path}{name}";

    public static string Role(string accountId, string path, string name) => $"arn:aws:iam::{accountId}:role{path}{name}";

    public static string Policy(string accountId, string path, string name) => $"arn:aws:iam::{accountId}:policy{path}{name}";

    public static string Root(string accountId) => $"arn:aws:iam::{accountId}:root";

    /// <summary>A role session's ARN: the role's path is not part of it.</summary>
    public static string AssumedRole(string accountId, string roleName, string sessionName) =>
        $"arn:aws:sts::{accountId}:assumed-role/{roleName}/{sessionName}";

    /// <summary>Splits an IAM ARN of the given resource type (user, role, policy, group) into account, path and name.</summary>
    public static bool TryParse(string? text, string resourceType, out IamArn parsed)
    {
        parsed = default;
        if (!Arn.TryParse(text, out var arn) || arn.Service != "iam" || arn.Region.Length != 0
            || !arn.Resource.StartsWith(resourceType + "/", StringComparison.Ordinal))
        {
            return false;
        }
        var pathAndName = arn.Resource[resourceType.Length..];
        var lastSlash = pathAndName.LastIndexOf('/');
        var name = pathAndName[(lastSlash + 1)..];
        if (name.Length == 0 || arn.AccountId.Length == 0)
        {
            return false;
        }
        parsed = new IamArn(arn.AccountId, pathAndName[..(lastSlash + 1)], name);
        return true;
    }

    /// <summary>A name's key for uniqueness: IAM names are unique without regard to case ("Bob" and "bob" collide).</summary>
    public static string NameKey(string name) => name.ToLowerInvariant();
}

internal readonly record struct IamArn(string AccountId, string Path, string Name);
