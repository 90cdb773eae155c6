using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>Turns a parsed pattern into conditions, rejecting what EventBridge rejects with its reasons.</summary>
internal static partial class PatternCompiler
{
    private const string OrKey = "$or";

    public static ObjectCondition CompileObject(JsonElement pattern)
    {
        var fields = new List<KeyValuePair<string, IFieldCondition>>();
        var orGroups = new List<IReadOnlyList<ObjectCondition>>();
        foreach (var property in pattern.EnumerateObject())
        {
            if (property.Name == OrKey)
            {
                orGroups.Add(CompileOr(property.Value));
                continue;
            }

            IFieldCondition condition = property.Value.ValueKind switch
            {
                JsonValueKind.Object => CompileObject(property.Value),
                JsonValueKind.Array => CompileLeaf(property.Value),
                _ => throw PatternErrors.Invalid(PatternErrors.NotObjectOrArray(property.Name)),
            };
            fields.Add(new(property.Name, condition));
        }
        return new ObjectCondition(fields, orGroups);
    }

    private static List<ObjectCondition> CompileOr(JsonElement branches)
    {
        if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0
            || branches.EnumerateArray().Any(b => b.ValueKind != JsonValueKind.Object))
        {
            throw PatternErrors.Invalid(PatternErrors.OrNotArrayOfObjects);
        }
        return branches.EnumerateArray().Select(CompileObject).ToList();
    }

    private static LeafCondition CompileLeaf(JsonElement alternatives)
    {
        if (alternatives.GetArrayLength() == 0)
        {
            throw PatternErrors.Invalid(PatternErrors.EmptyArray);
        }

        var matchers = new List<IValueMatcher>();
        var matchesAbsence = false;
        foreach (var alternative in alternatives.EnumerateArray())
        {
            switch (alternative.ValueKind)
            {
                case JsonValueKind.Object:
                    var matcher = CompileMatchExpression(alternative, out var isExistsFalse);
                    matchesAbsence |= isExistsFalse;
                    if (matcher is not null)
                    {
                        matchers.Add(matcher);
                    }
                    break;
                case JsonValueKind.Array:
                    throw PatternErrors.Invalid(PatternErrors.BadMatchValue);
                default:
                    matchers.Add(new LiteralMatcher(alternative));
                    break;
            }
        }
        return new LeafCondition(matchers, matchesAbsence);
    }
}
