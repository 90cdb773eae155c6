using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>A numeric interval; only JSON numbers match (the string "5" does not).</summary>
internal sealed class NumericRangeMatcher(double lower, bool lowerInclusive, double upper, bool upperInclusive) : IValueMatcher
{
    public bool Matches(JsonElement scalar)
    {
        if (scalar.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var value = scalar.GetDouble();
        var aboveLower = lowerInclusive ? value >= lower : value > lower;
        var belowUpper = upperInclusive ? value <= upper : value < upper;
        return aboveLower && belowUpper;
    }
}
