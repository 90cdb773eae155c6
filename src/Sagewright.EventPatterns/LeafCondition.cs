using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// A pattern array: any alternative matching any scalar at the path. Arrays in the event are flattened and objects
/// are not leaves, so a path holding only an object or an empty array counts as absent (that is how exists treats it).
/// </summary>
internal sealed class LeafCondition(IReadOnlyList<IValueMatcher> alternatives, bool matchesAbsence) : IFieldCondition
{
    public bool Matches(JsonElement? value)
    {
        var anyScalar = false;
        foreach (var scalar in Scalars(value))
        {
            anyScalar = true;
            if (alternatives.Any(m => m.Matches(scalar)))
            {
                return true;
            }
        }
        return !anyScalar && matchesAbsence;
    }

    private static IEnumerable<JsonElement> Scalars(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Object)
        {
            yield break;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            yield return element;
            yield break;
        }

        foreach (var item in element.EnumerateArray())
        {
            foreach (var scalar in Scalars(item))
            {
                yield return scalar;
            }
        }
    }
}
