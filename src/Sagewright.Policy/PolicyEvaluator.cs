namespace Sagewright.Policy;

/// <summary>
/// The IAM evaluation logic: an explicit Deny in any policy wins; session policies and the permissions boundary
/// filter identity-based allows; then the allow must come from the identity policy, the resource policy, or both,
/// depending on the account relationship and <see cref="ResourcePolicyMode"/>.
/// </summary>
public static class PolicyEvaluator
{
    public static EvaluationResult Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = new ConditionContext(request.Context);
        var identity = PolicySetOutcome.Evaluate(PolicyRoles.Identity, request.IdentityPolicies, request, context);
        var resource = PolicySetOutcome.Evaluate(PolicyRoles.Resource, Optional(request.ResourcePolicy), request, context);
        var session = PolicySetOutcome.Evaluate(PolicyRoles.Session, request.SessionPolicies, request, context);
        var boundary = PolicySetOutcome.Evaluate(PolicyRoles.Boundary, Optional(request.PermissionsBoundary), request, context);
        PolicySetOutcome[] all = [identity, resource, session, boundary];

        if (all.FirstOrDefault(outcome => outcome.Denies.Count > 0) is { } denying)
        {
            return new EvaluationResult(Decision.ExplicitDeny, [.. all.SelectMany(o => o.Denies)], context.MissingKeys, ExplicitDenyReason(denying.Role));
        }

        var denyReason = ImplicitDenyReason(request, identity, resource.BestAllow, session, boundary);
        return denyReason is null
            ? new EvaluationResult(Decision.Allowed, [.. all.SelectMany(o => o.Allows)], context.MissingKeys, "")
            : new EvaluationResult(Decision.ImplicitDeny, [], context.MissingKeys, denyReason);
    }

    /// <summary>Null when the request is allowed, otherwise the reason it is implicitly denied.</summary>
    private static string? ImplicitDenyReason(EvaluationRequest request, PolicySetOutcome identity, PrincipalMatch resource, PolicySetOutcome session, PolicySetOutcome boundary)
    {
        var action = request.Action;
        var noResourcePolicyAllows = $"no resource-based policy allows the {action} action";
        var caller = request.Principal;
        if (caller.Type is PrincipalType.Service or PrincipalType.Anonymous)
        {
            // Services and anonymous callers have no identity policies: only the resource policy can grant.
            return resource != PrincipalMatch.None ? null : noResourcePolicyAllows;
        }

        var filterReason = request.SessionPolicies.Count > 0 && !session.Allowed ? $"no session policy allows the {action} action"
            : request.PermissionsBoundary is not null && !boundary.Allowed ? $"no permissions boundary allows the {action} action"
            : null;
        var identityAllows = identity.Allowed && filterReason is null;
        var identityReason = identity.Allowed ? filterReason : $"no identity-based policy allows the {action} action";
        var sameAccount = request.ResourceAccount.Length == 0 || request.ResourceAccount == caller.AccountId;

        if (!sameAccount)
        {
            return !identityAllows ? identityReason : resource == PrincipalMatch.None ? noResourcePolicyAllows : null;
        }

        var resourceAllowsDirectly = resource == PrincipalMatch.Direct || (resource == PrincipalMatch.Role && filterReason is null);
        if (resourceAllowsDirectly)
        {
            return null;
        }

        return request.ResourcePolicyMode switch
        {
            ResourcePolicyMode.Optional => identityAllows ? null : resource == PrincipalMatch.Role ? filterReason : identityReason,
            _ => resource switch
            {
                PrincipalMatch.None => noResourcePolicyAllows,
                PrincipalMatch.Role => filterReason,
                _ => identityAllows ? null : identityReason,
            },
        };
    }

    private static string ExplicitDenyReason(string role) => role switch
    {
        PolicyRoles.Identity => "an explicit deny in an identity-based policy",
        PolicyRoles.Resource => "an explicit deny in a resource-based policy",
        PolicyRoles.Session => "an explicit deny in a session policy",
        _ => "an explicit deny in a permissions boundary",
    };

    private static IReadOnlyList<PolicyDocument> Optional(PolicyDocument? document) => document is null ? [] : [document];
}
