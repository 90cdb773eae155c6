namespace Sagewright.Policy;

internal enum ConditionComparison
{
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnLike,
    Null,
}

internal enum SetQualifier { None, ForAnyValue, ForAllValues }

/// <summary>
/// A condition operator decomposed: <c>ForAllValues:StringNotLikeIfExists</c> is
/// (StringLike, negated, IfExists, ForAllValues). Negated operators are evaluated as the negation of their positive form.
/// </summary>
internal sealed record ConditionOperator(string Name, ConditionComparison Comparison, bool Negated, bool IfExists, SetQualifier Qualifier)
{
    private static readonly Dictionary<string, (ConditionComparison Comparison, bool Negated)> BaseOperators =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["StringEquals"] = (ConditionComparison.StringEquals, false),
            ["StringNotEquals"] = (ConditionComparison.StringEquals, true),
            ["StringEqualsIgnoreCase"] = (ConditionComparison.StringEqualsIgnoreCase, false),
            ["StringNotEqualsIgnoreCase"] = (ConditionComparison.StringEqualsIgnoreCase, true),
            ["StringLike"] = (ConditionComparison.StringLike, false),
            ["StringNotLike"] = (ConditionComparison.StringLike, true),
            ["NumericEquals"] = (ConditionComparison.NumericEquals, false),
            ["NumericNotEquals"] = (ConditionComparison.NumericEquals, true),
            ["NumericLessThan"] = (ConditionComparison.NumericLessThan, false),
            ["NumericLessThanEquals"] = (ConditionComparison.NumericLessThanEquals, false),
            ["NumericGreaterThan"] = (ConditionComparison.NumericGreaterThan, false),
            ["NumericGreaterThanEquals"] = (ConditionComparison.NumericGreaterThanEquals, false),
            ["DateEquals"] = (ConditionComparison.DateEquals, false),
            ["DateNotEquals"] = (ConditionComparison.DateEquals, true),
            ["DateLessThan"] = (ConditionComparison.DateLessThan, false),
            ["DateLessThanEquals"] = (ConditionComparison.DateLessThanEquals, false),
            ["DateGreaterThan"] = (ConditionComparison.DateGreaterThan, false),
            ["DateGreaterThanEquals"] = (ConditionComparison.DateGreaterThanEquals, false),
            ["Bool"] = (ConditionComparison.Bool, false),
            ["BinaryEquals"] = (ConditionComparison.BinaryEquals, false),
            ["IpAddress"] = (ConditionComparison.IpAddress, false),
            ["NotIpAddress"] = (ConditionComparison.IpAddress, true),
            // AWS documents ArnEquals and ArnLike as the same segment-wise wildcard match.
            ["ArnEquals"] = (ConditionComparison.ArnLike, false),
            ["ArnNotEquals"] = (ConditionComparison.ArnLike, true),
            ["ArnLike"] = (ConditionComparison.ArnLike, false),
            ["ArnNotLike"] = (ConditionComparison.ArnLike, true),
            ["Null"] = (ConditionComparison.Null, false),
        };

    /// <summary>Policy variables are substituted only in string and ARN condition values.</summary>
    public bool AcceptsPolicyVariables => Comparison is ConditionComparison.StringEquals
        or ConditionComparison.StringEqualsIgnoreCase
        or ConditionComparison.StringLike
        or ConditionComparison.ArnLike;

    public static ConditionOperator? TryParse(string name)
    {
        var rest = name;
        var qualifier = SetQualifier.None;
        if (rest.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        else if (rest.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }

        var ifExists = false;
        if (rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase) && rest.Length > "IfExists".Length)
        {
            ifExists = true;
            rest = rest[..^"IfExists".Length];
        }

        if (!BaseOperators.TryGetValue(rest, out var op))
        {
            return null;
        }

        // Null tests presence itself: "absent" cannot be excused by IfExists nor iterated as a set.
        if (op.Comparison == ConditionComparison.Null && (ifExists || qualifier != SetQualifier.None))
        {
            return null;
        }

        return new ConditionOperator(name, op.Comparison, op.Negated, ifExists, qualifier);
    }
}
