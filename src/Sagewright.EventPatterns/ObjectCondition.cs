using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// A pattern object: every field condition and every <c>$or</c> group must hold. Against an event array it must hold
/// for one element as a whole, which gives array-consistent matching: fields taken from different elements of the
/// same array never combine.
/// </summary>
internal sealed class ObjectCondition(
    IReadOnlyList<KeyValuePair<string, IFieldCondition>> fields,
    IReadOnlyList<IReadOnlyList<ObjectCondition>> orGroups) : IFieldCondition
{
    public bool Matches(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            return MatchesObject(value);
        }

        foreach (var element in array.EnumerateArray())
        {
            if (Matches(element))
            {
                return true;
            }
        }
        return false;
    }

    private bool MatchesObject(JsonElement? value)
    {
        var isObject = value is { ValueKind: JsonValueKind.Object };
        foreach (var (name, condition) in fields)
        {
            JsonElement? field = isObject && value!.Value.TryGetProperty(name, out var property) ? property : null;
            if (!condition.Matches(field))
            {
                return false;
            }
        }
        return orGroups.All(group => group.Any(branch => branch.MatchesObject(value)));
    }
}
