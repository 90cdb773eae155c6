namespace Sagewright.Policy;

public enum Decision { Allowed, ImplicitDeny, ExplicitDeny }

/// <param name="PolicyRole">"identity", "resource", "session" or "boundary".</param>
public sealed record MatchedStatement(string SourceId, string SourceType, string? Sid, int StatementIndex, bool IsDeny, string PolicyRole);

/// <param name="MatchedStatements">Explicit deny: every applicable Deny statement. Allowed: every applicable Allow statement. Implicit deny: empty.</param>
/// <param name="MissingContextKeys">Condition keys (and policy variables) of applicable statements that were absent from the context.</param>
/// <param name="Reason">Text for "... because {Reason}" in AccessDenied messages; empty when allowed.</param>
public sealed record EvaluationResult(Decision Decision, IReadOnlyList<MatchedStatement> MatchedStatements, IReadOnlyList<string> MissingContextKeys, string Reason)
{
    public bool IsAllowed => Decision == Decision.Allowed;
}
