using System.Text.Json;

namespace Sagewright.EventPatterns;

internal static partial class PatternCompiler
{
    /// <summary>A one-key operator object such as {"prefix":"a"}; null for exists:false, which the leaf records instead.</summary>
    private static IValueMatcher? CompileMatchExpression(JsonElement expression, out bool isExistsFalse)
    {
        isExistsFalse = false;
        var (name, value) = SingleProperty(expression);
        switch (name)
        {
            case "prefix":
                return CompileAffix(name, value, StringMatcher.Prefix);
            case "suffix":
                return CompileAffix(name, value, StringMatcher.Suffix);
            case "equals-ignore-case":
                return StringMatcher.EqualsIgnoreCase(RequireString(name, value));
            case "wildcard":
                return WildcardMatcher.Parse(RequireString(name, value));
            case "anything-but":
                return CompileAnythingBut(value);
            case "numeric":
                return NumericRangeParser.Parse(value);
            case "cidr":
                return CidrMatcher.Parse(RequireString(name, value));
            case "exists":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw PatternErrors.Invalid(PatternErrors.ExistsNotBoolean);
                }
                isExistsFalse = value.ValueKind == JsonValueKind.False;
                return isExistsFalse ? null : ExistsMatcher.Instance;
            default:
                throw PatternErrors.Invalid(PatternErrors.UnrecognizedMatchType(name));
        }
    }

    /// <summary>prefix or suffix: a string, or {"equals-ignore-case": string} for the case-insensitive form.</summary>
    private static StringMatcher CompileAffix(string name, JsonElement value, Func<string, StringComparison, StringMatcher> create)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return create(RequireString(name, value), StringComparison.Ordinal);
        }

        var (innerName, innerValue) = SingleProperty(value);
        if (innerName != "equals-ignore-case")
        {
            throw PatternErrors.Invalid(PatternErrors.UnrecognizedMatchType(innerName));
        }
        return create(RequireString(name, innerValue), StringComparison.OrdinalIgnoreCase);
    }

    private static AnythingButMatcher CompileAnythingBut(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                return new AnythingButMatcher([new LiteralMatcher(value)]);
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0)
                {
                    throw PatternErrors.Invalid(PatternErrors.EmptyArray);
                }
                if (value.EnumerateArray().Any(v => v.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)))
                {
                    throw PatternErrors.Invalid(PatternErrors.AnythingButListMember);
                }
                return new AnythingButMatcher(value.EnumerateArray().Select(v => (IValueMatcher)new LiteralMatcher(v)).ToList());
            case JsonValueKind.Object:
                return new AnythingButMatcher(CompileAnythingButOperator(value));
            default:
                throw PatternErrors.Invalid(PatternErrors.AnythingButValue);
        }
    }

    private static List<IValueMatcher> CompileAnythingButOperator(JsonElement expression)
    {
        var (name, value) = SingleProperty(expression);
        Func<string, IValueMatcher> create = name switch
        {
            "prefix" => s => StringMatcher.Prefix(s, StringComparison.Ordinal),
            "suffix" => s => StringMatcher.Suffix(s, StringComparison.Ordinal),
            "equals-ignore-case" => StringMatcher.EqualsIgnoreCase,
            "wildcard" => WildcardMatcher.Parse,
            _ => throw PatternErrors.Invalid(PatternErrors.UnsupportedAnythingBut(name)),
        };

        // Only equals-ignore-case and wildcard take a list inside anything-but; prefix and suffix take one string.
        if (value.ValueKind == JsonValueKind.Array && name is "equals-ignore-case" or "wildcard")
        {
            if (value.GetArrayLength() == 0)
            {
                throw PatternErrors.Invalid(PatternErrors.EmptyArray);
            }
            return value.EnumerateArray().Select(v => create(RequireString(name, v))).ToList();
        }
        var text = RequireString(name, value);
        if (text.Length == 0 && name is "prefix" or "suffix")
        {
            throw PatternErrors.Invalid(PatternErrors.EmptyAnythingButAffix);
        }
        return [create(text)];
    }

    private static (string Name, JsonElement Value) SingleProperty(JsonElement expression)
    {
        using var properties = expression.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw PatternErrors.Invalid(PatternErrors.OneKeyPerExpression);
        }

        var first = properties.Current;
        if (properties.MoveNext())
        {
            throw PatternErrors.Invalid(PatternErrors.OneKeyPerExpression);
        }
        return (first.Name, first.Value);
    }

    private static string RequireString(string matchType, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw PatternErrors.Invalid(PatternErrors.MustBeString(matchType));
}
