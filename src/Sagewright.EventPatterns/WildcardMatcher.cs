using System.Text;
using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// A wildcard pattern split at its unescaped '*' into literal segments: the value must start with the first,
/// end with the last, and contain the middle ones in order (leftmost placement is always safe for that).
/// </summary>
internal sealed class WildcardMatcher : IValueMatcher
{
    private readonly IReadOnlyList<string> _segments;

    private WildcardMatcher(IReadOnlyList<string> segments) => _segments = segments;

    public static WildcardMatcher Parse(string pattern)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || pattern[i + 1] is not ('*' or '\\'))
                {
                    throw PatternErrors.Invalid(PatternErrors.InvalidEscape(i));
                }
                current.Append(pattern[++i]);
            }
            else if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    throw PatternErrors.Invalid(PatternErrors.ConsecutiveWildcards(i + 1));
                }
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        segments.Add(current.ToString());
        return new WildcardMatcher(segments);
    }

    public bool Matches(JsonElement scalar) => scalar.ValueKind == JsonValueKind.String && Matches(scalar.GetString()!);

    private bool Matches(string value)
    {
        if (_segments.Count == 1)
        {
            return value == _segments[0];
        }

        var first = _segments[0];
        var last = _segments[^1];
        if (value.Length < first.Length + last.Length || !value.StartsWith(first, StringComparison.Ordinal) || !value.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        var end = value.Length - last.Length;
        for (var i = 1; i < _segments.Count - 1; i++)
        {
            var found = value.IndexOf(_segments[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position = found + _segments[i].Length;
        }
        return true;
    }
}
