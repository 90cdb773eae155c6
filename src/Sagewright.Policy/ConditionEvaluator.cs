namespace Sagewright.Policy;

/// <summary>
/// Evaluates a statement's Condition block: conditions (operator × key) combine with AND, the values under one key with OR.
/// <list type="bullet">
/// <item>Absent key: false; negated operators true; <c>...IfExists</c> true; <c>ForAllValues</c> true; <c>ForAnyValue</c> false.</item>
/// <item>Multi-valued key without a set qualifier: true if any request value matches any policy value (negated: none does).</item>
/// <item><c>ForAnyValue</c>: some request value passes; <c>ForAllValues</c>: every request value passes, where a request value passes a
/// negated operator when it matches none of the policy values.</item>
/// </list>
/// </summary>
internal static class ConditionEvaluator
{
    public static bool AllTrue(IReadOnlyList<PolicyCondition> conditions, ConditionContext context, bool variablesEnabled)
    {
        foreach (var condition in conditions)
        {
            if (!IsTrue(condition, context, variablesEnabled))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records in <paramref name="context"/> every key the conditions test, or name as variables, that it lacks.</summary>
    public static void RecordMissingKeys(IReadOnlyList<PolicyCondition> conditions, ConditionContext context, bool variablesEnabled)
    {
        foreach (var condition in conditions)
        {
            if (!context.Contains(condition.Key))
            {
                context.RecordMissing(condition.Key);
            }

            if (variablesEnabled && condition.ParsedOperator.AcceptsPolicyVariables)
            {
                foreach (var value in condition.Values)
                {
                    foreach (var key in PolicyVariables.UnresolvableKeys(value, context))
                    {
                        context.RecordMissing(key);
                    }
                }
            }
        }
    }

    private static bool IsTrue(PolicyCondition condition, ConditionContext context, bool variablesEnabled)
    {
        var op = condition.ParsedOperator;
        var present = context.TryGetValues(condition.Key, out var requestValues);
        if (op.Comparison == ConditionComparison.Null)
        {
            // "true" asserts the key is absent, "false" that it is present.
            return condition.Values.Any(v => v.Equals(present ? "false" : "true", StringComparison.OrdinalIgnoreCase));
        }

        if (!present)
        {
            return op.IfExists || op.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => op.Negated,
            };
        }

        var policyValues = ResolveValues(condition, context, variablesEnabled && op.AcceptsPolicyVariables);
        bool MatchesAnyPolicyValue(string requestValue)
        {
            foreach (var policyValue in policyValues)
            {
                if (ConditionValues.Matches(op.Comparison, requestValue, policyValue))
                {
                    return true;
                }
            }

            return false;
        }

        return op.Qualifier switch
        {
            SetQualifier.ForAnyValue => requestValues.Any(v => MatchesAnyPolicyValue(v) != op.Negated),
            SetQualifier.ForAllValues => requestValues.All(v => MatchesAnyPolicyValue(v) != op.Negated),
            _ => requestValues.Any(MatchesAnyPolicyValue) != op.Negated,
        };
    }

    /// <summary>Policy values whose variables cannot be resolved are dropped: they match nothing.</summary>
    private static List<PatternText> ResolveValues(PolicyCondition condition, ConditionContext context, bool substitute)
    {
        var resolved = new List<PatternText>(condition.Values.Count);
        foreach (var value in condition.Values)
        {
            if (!substitute)
            {
                resolved.Add(value);
            }
            else if (PolicyVariables.TryResolve(value, context, out var pattern))
            {
                resolved.Add(pattern);
            }
        }

        return resolved;
    }
}
