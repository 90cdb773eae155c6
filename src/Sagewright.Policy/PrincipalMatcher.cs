namespace Sagewright.Policy;

/// <summary>How a resource-policy statement names the caller; the order is the order of strength.</summary>
internal enum PrincipalMatch
{
    None,

    /// <summary>The caller's account (<c>ACCT</c> or <c>arn:aws:iam::ACCT:root</c>): a delegation that needs an identity-policy allow too.</summary>
    Account,

    /// <summary>The role of a role session: limited by the session's permissions boundary and session policies.</summary>
    Role,

    /// <summary>The caller itself: user ARN, session ARN, service, <c>*</c>, or the root ARN for the root user.</summary>
    Direct,
}

internal static class PrincipalMatcher
{
    public static PrincipalMatch Match(PolicyPrincipal principal, PrincipalInfo caller)
    {
        if (principal.IsEveryone)
        {
            return PrincipalMatch.Direct;
        }

        var best = PrincipalMatch.None;
        foreach (var value in principal.Aws)
        {
            var match = MatchAws(value, caller);
            if (match > best)
            {
                best = match;
            }
        }

        if (best < PrincipalMatch.Direct && caller is { Type: PrincipalType.Service, ServiceName: { } serviceName }
            && principal.Service.Contains(serviceName, StringComparer.OrdinalIgnoreCase))
        {
            best = PrincipalMatch.Direct;
        }

        return best;
    }

    /// <summary>
    /// A NotPrincipal statement applies unless every identity in the caller's chain is listed: account, then role,
    /// then session (or account, then user), as the NotPrincipal documentation describes. AWS also documents that
    /// such a statement always applies to a principal that has a permissions boundary.
    /// </summary>
    public static bool NotPrincipalApplies(PolicyPrincipal notPrincipal, PrincipalInfo caller, bool callerHasBoundary)
    {
        if (notPrincipal.IsEveryone || notPrincipal.Aws.Contains("*"))
        {
            return false;
        }

        if (callerHasBoundary && caller.Type is PrincipalType.User or PrincipalType.AssumedRole)
        {
            return true;
        }

        var aws = notPrincipal.Aws;
        return caller.Type switch
        {
            PrincipalType.Root => !ListsAccount(aws, caller.AccountId),
            PrincipalType.User => !ListsAccount(aws, caller.AccountId) || !aws.Contains(caller.Arn),
            PrincipalType.AssumedRole => !ListsAccount(aws, caller.AccountId) || caller.RoleArn is null
                || !aws.Contains(caller.RoleArn) || !aws.Contains(caller.Arn),
            PrincipalType.Service => caller.ServiceName is null || !notPrincipal.Service.Contains(caller.ServiceName, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
    }

    private static PrincipalMatch MatchAws(string value, PrincipalInfo caller)
    {
        if (value == "*")
        {
            return PrincipalMatch.Direct;
        }

        if (caller.Type is PrincipalType.Service or PrincipalType.Anonymous)
        {
            return PrincipalMatch.None;
        }

        if (value == caller.Arn)
        {
            return PrincipalMatch.Direct;
        }

        if (caller.RoleArn is not null && value == caller.RoleArn)
        {
            return PrincipalMatch.Role;
        }

        if (AccountOf(value) is { } account && account == caller.AccountId)
        {
            return caller.Type == PrincipalType.Root ? PrincipalMatch.Direct : PrincipalMatch.Account;
        }

        return PrincipalMatch.None;
    }

    private static bool ListsAccount(IReadOnlyList<string> aws, string accountId) =>
        aws.Any(value => AccountOf(value) == accountId);

    /// <summary>The account named by <c>ACCT</c> or <c>arn:PARTITION:iam::ACCT:root</c>; null for any other principal.</summary>
    private static string? AccountOf(string value)
    {
        if (value.Length == 12 && value.All(char.IsAsciiDigit))
        {
            return value;
        }

        var parts = value.Split(':');
        return parts is ["arn", _, "iam", "", { Length: 12 } account, "root"] ? account : null;
    }
}
