using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>prefix, suffix, equals-ignore-case and wildcard: they only ever match string values.</summary>
internal sealed class StringMatcher(Func<string, bool> test) : IValueMatcher
{
    public static StringMatcher Prefix(string prefix, StringComparison comparison) => new(s => s.StartsWith(prefix, comparison));

    public static StringMatcher Suffix(string suffix, StringComparison comparison) => new(s => s.EndsWith(suffix, comparison));

    public static StringMatcher EqualsIgnoreCase(string text) => new(s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase));

    public bool Matches(JsonElement scalar) => scalar.ValueKind == JsonValueKind.String && test(scalar.GetString()!);
}
