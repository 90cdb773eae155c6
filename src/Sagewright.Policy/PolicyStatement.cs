namespace Sagewright.Policy;

public enum PolicyEffect { Allow, Deny }

/// <summary>One statement, mirroring the JSON: of each Action/NotAction, Resource/NotResource and Principal/NotPrincipal pair at most one is set.</summary>
public sealed class PolicyStatement
{
    internal PolicyStatement(
        int index,
        string? sid,
        PolicyEffect effect,
        IReadOnlyList<string>? action,
        IReadOnlyList<string>? notAction,
        IReadOnlyList<string>? resource,
        IReadOnlyList<string>? notResource,
        PolicyPrincipal? principal,
        PolicyPrincipal? notPrincipal,
        IReadOnlyList<PolicyCondition> conditions)
    {
        Index = index;
        Sid = sid;
        Effect = effect;
        Action = action;
        NotAction = notAction;
        Resource = resource;
        NotResource = notResource;
        Principal = principal;
        NotPrincipal = notPrincipal;
        Conditions = conditions;
    }

    /// <summary>Zero-based position of the statement in its document.</summary>
    public int Index { get; }
    public string? Sid { get; }
    public PolicyEffect Effect { get; }
    public IReadOnlyList<string>? Action { get; }
    public IReadOnlyList<string>? NotAction { get; }
    public IReadOnlyList<string>? Resource { get; }
    public IReadOnlyList<string>? NotResource { get; }
    public PolicyPrincipal? Principal { get; }
    public PolicyPrincipal? NotPrincipal { get; }
    public IReadOnlyList<PolicyCondition> Conditions { get; }
}

/// <summary>A Principal or NotPrincipal element. <see cref="IsEveryone"/> is the bare <c>"*"</c> form.</summary>
public sealed class PolicyPrincipal
{
    internal PolicyPrincipal(bool isEveryone, IReadOnlyList<string> aws, IReadOnlyList<string> service, IReadOnlyList<string> federated, IReadOnlyList<string> canonicalUser)
    {
        IsEveryone = isEveryone;
        Aws = aws;
        Service = service;
        Federated = federated;
        CanonicalUser = canonicalUser;
    }

    public bool IsEveryone { get; }
    public IReadOnlyList<string> Aws { get; }
    public IReadOnlyList<string> Service { get; }
    public IReadOnlyList<string> Federated { get; }
    public IReadOnlyList<string> CanonicalUser { get; }
}

/// <summary>One (operator, key, values) triple of a Condition block. Values are normalised to strings (<c>true</c> becomes <c>"true"</c>).</summary>
public sealed class PolicyCondition
{
    internal PolicyCondition(ConditionOperator op, string key, IReadOnlyList<string> values)
    {
        ParsedOperator = op;
        Key = key;
        Values = values;
    }

    /// <summary>The operator as written, e.g. <c>ForAnyValue:StringLikeIfExists</c>.</summary>
    public string Operator => ParsedOperator.Name;
    public string Key { get; }
    public IReadOnlyList<string> Values { get; }

    internal ConditionOperator ParsedOperator { get; }
}
