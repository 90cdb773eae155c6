using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>An exact value: same JSON type and same value ("5" never equals 5; numbers compare as doubles).</summary>
internal sealed class LiteralMatcher(JsonElement literal) : IValueMatcher
{
    private readonly JsonValueKind _kind = literal.ValueKind;
    private readonly string? _text = literal.ValueKind == JsonValueKind.String ? literal.GetString() : null;
    private readonly double _number = literal.ValueKind == JsonValueKind.Number ? literal.GetDouble() : 0;

    public bool Matches(JsonElement scalar) => scalar.ValueKind == _kind && _kind switch
    {
        JsonValueKind.String => string.Equals(scalar.GetString(), _text, StringComparison.Ordinal),
        JsonValueKind.Number => scalar.GetDouble() == _number,
        _ => true,
    };
}
