namespace Sagewright.Policy;

internal static class PolicyRoles
{
    public const string Identity = "identity";
    public const string Resource = "resource";
    public const string Session = "session";
    public const string Boundary = "boundary";
}

/// <summary>The applicable statements of one kind of policy (all identity policies, the resource policy...).</summary>
internal sealed class PolicySetOutcome
{
    private PolicySetOutcome(string role) => Role = role;

    public string Role { get; }
    public List<MatchedStatement> Allows { get; } = [];
    public List<MatchedStatement> Denies { get; } = [];

    /// <summary>The strongest way an applicable Allow statement names the caller.</summary>
    public PrincipalMatch BestAllow { get; private set; }

    public bool Allowed => BestAllow != PrincipalMatch.None;

    public static PolicySetOutcome Evaluate(string role, IReadOnlyList<PolicyDocument> documents, EvaluationRequest request, ConditionContext context)
    {
        var outcome = new PolicySetOutcome(role);
        foreach (var document in documents)
        {
            var variablesEnabled = document.SupportsPolicyVariables;
            foreach (var statement in document.Statements)
            {
                var match = StatementMatcher.Applies(statement, variablesEnabled, request, context);
                if (match == PrincipalMatch.None)
                {
                    continue;
                }

                var isDeny = statement.Effect == PolicyEffect.Deny;
                var matched = new MatchedStatement(document.SourceId, document.SourceType, statement.Sid, statement.Index, isDeny, role);
                if (isDeny)
                {
                    outcome.Denies.Add(matched);
                }
                else
                {
                    outcome.Allows.Add(matched);
                    if (match > outcome.BestAllow)
                    {
                        outcome.BestAllow = match;
                    }
                }
            }
        }

        return outcome;
    }
}
