namespace Sagewright.Policy;

/// <summary>Decides whether one statement applies to a request: action, principal, resource, then conditions.</summary>
internal static class StatementMatcher
{
    /// <summary>
    /// Returns how the statement names the caller (<see cref="PrincipalMatch.Direct"/> for statements without a
    /// Principal element), or <see cref="PrincipalMatch.None"/> when the statement does not apply.
    /// Records missing context keys of statements whose action, principal and resource match.
    /// </summary>
    public static PrincipalMatch Applies(PolicyStatement statement, bool variablesEnabled, EvaluationRequest request, ConditionContext context)
    {
        if (!MatchesAction(statement, request.Action))
        {
            return PrincipalMatch.None;
        }

        var principal = MatchPrincipal(statement, request);
        if (principal == PrincipalMatch.None)
        {
            return PrincipalMatch.None;
        }

        if (!MatchesResource(statement, request.Resource, variablesEnabled, context))
        {
            return PrincipalMatch.None;
        }

        ConditionEvaluator.RecordMissingKeys(statement.Conditions, context, variablesEnabled);
        return ConditionEvaluator.AllTrue(statement.Conditions, context, variablesEnabled) ? principal : PrincipalMatch.None;
    }

    private static bool MatchesAction(PolicyStatement statement, string action) => statement.Action is { } actions
        ? actions.Any(pattern => WildcardMatcher.Matches(pattern, action, ignoreCase: true))
        : !statement.NotAction!.Any(pattern => WildcardMatcher.Matches(pattern, action, ignoreCase: true));

    private static PrincipalMatch MatchPrincipal(PolicyStatement statement, EvaluationRequest request)
    {
        if (statement.Principal is { } principal)
        {
            return PrincipalMatcher.Match(principal, request.Principal);
        }

        if (statement.NotPrincipal is { } notPrincipal)
        {
            return PrincipalMatcher.NotPrincipalApplies(notPrincipal, request.Principal, request.PermissionsBoundary is not null)
                ? PrincipalMatch.Direct
                : PrincipalMatch.None;
        }

        return PrincipalMatch.Direct;
    }

    /// <summary>Trust policies have no Resource element: the role itself is the resource.</summary>
    private static bool MatchesResource(PolicyStatement statement, string resource, bool variablesEnabled, ConditionContext context)
    {
        if (statement.Resource is { } resources)
        {
            return MatchesAnyResource(resources, resource, variablesEnabled, context);
        }

        return statement.NotResource is not { } notResources || !MatchesAnyResource(notResources, resource, variablesEnabled, context);
    }

    private static bool MatchesAnyResource(IReadOnlyList<string> patterns, string resource, bool variablesEnabled, ConditionContext context)
    {
        var matched = false;
        foreach (var raw in patterns)
        {
            if (!variablesEnabled)
            {
                matched |= WildcardMatcher.MatchesResource(raw, resource);
            }
            else if (PolicyVariables.TryResolve(raw, context, out var pattern))
            {
                matched |= WildcardMatcher.MatchesResource(pattern, resource);
            }
            else
            {
                // Unresolvable: this pattern matches nothing, and the simulator learns which key it needed.
                foreach (var key in PolicyVariables.UnresolvableKeys(raw, context))
                {
                    context.RecordMissing(key);
                }
            }
        }

        return matched;
    }
}
