using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// ["op", n] or a range [">"|">=", low, "<"|"<=", high]. A range must start with its lower bound, as event-ruler
/// requires, so ["<", 5, ">", 1] is rejected rather than reordered.
/// </summary>
internal static class NumericRangeParser
{
    public static NumericRangeMatcher Parse(JsonElement terms)
    {
        if (terms.ValueKind != JsonValueKind.Array)
        {
            throw PatternErrors.Invalid(PatternErrors.NumericNotArray);
        }

        var items = terms.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            throw PatternErrors.Invalid(PatternErrors.NumericEmpty);
        }

        var op = ReadOperator(items[0], PatternErrors.UnrecognizedNumericOperator, "<", "<=", "=", ">", ">=");
        var bound = ReadNumber(items, 1, op);
        if (items.Count == 2)
        {
            return op switch
            {
                "=" => new NumericRangeMatcher(bound, true, bound, true),
                "<" => new NumericRangeMatcher(double.NegativeInfinity, true, bound, false),
                "<=" => new NumericRangeMatcher(double.NegativeInfinity, true, bound, true),
                ">" => new NumericRangeMatcher(bound, false, double.PositiveInfinity, true),
                _ => new NumericRangeMatcher(bound, true, double.PositiveInfinity, true),
            };
        }

        if (op is not (">" or ">="))
        {
            throw PatternErrors.Invalid(PatternErrors.NumericTooManyElements);
        }

        var upperOp = ReadOperator(items[2], PatternErrors.BadNumericRangeOperator, "<", "<=");
        var upper = ReadNumber(items, 3, upperOp);
        if (upper <= bound)
        {
            throw PatternErrors.Invalid(PatternErrors.NumericBottomAboveTop);
        }
        if (items.Count > 4)
        {
            throw PatternErrors.Invalid(PatternErrors.NumericTooManyTerms);
        }
        return new NumericRangeMatcher(bound, op == ">=", upper, upperOp == "<=");
    }

    private static string ReadOperator(JsonElement item, Func<string, string> unknown, params string[] allowed)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            throw PatternErrors.Invalid(PatternErrors.InvalidNumericMember(item.GetRawText()));
        }

        var op = item.GetString()!;
        return allowed.Contains(op) ? op : throw PatternErrors.Invalid(unknown(op));
    }

    private static double ReadNumber(List<JsonElement> items, int index, string op) =>
        index < items.Count && items[index].ValueKind == JsonValueKind.Number
            ? items[index].GetDouble()
            : throw PatternErrors.Invalid(PatternErrors.NumericValueNotNumber(op));
}
