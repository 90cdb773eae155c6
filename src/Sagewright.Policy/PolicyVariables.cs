using System.Text;

namespace Sagewright.Policy;

/// <summary>
/// Substitutes <c>${key}</c>, <c>${key, 'default'}</c> and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>.
/// Substitution is a single pass: a substituted value is never re-scanned, and every substituted character is literal.
/// </summary>
internal static class PolicyVariables
{
    /// <summary>Returns false when a variable cannot be resolved (absent or multi-valued key without default, or malformed <c>${</c>).</summary>
    public static bool TryResolve(string raw, ConditionContext context, out PatternText resolved)
    {
        var start = raw.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            resolved = raw;
            return true;
        }

        var text = new StringBuilder(raw.Length);
        var literal = new List<bool>(raw.Length);
        var position = 0;
        var ok = true;
        while (start >= 0)
        {
            Append(text, literal, raw.AsSpan(position, start - position), isLiteral: false);
            var end = FindClosingBrace(raw, start + 2);
            if (end < 0 || !TryEvaluate(raw[(start + 2)..end], context, out var value))
            {
                ok = false;
                if (end < 0)
                {
                    break;
                }
            }
            else
            {
                Append(text, literal, value, isLiteral: true);
            }

            position = end + 1;
            start = raw.IndexOf("${", position, StringComparison.Ordinal);
        }

        if (!ok)
        {
            resolved = default;
            return false;
        }

        Append(text, literal, raw.AsSpan(position), isLiteral: false);
        resolved = new PatternText(text.ToString(), [.. literal]);
        return true;
    }

    /// <summary>Keys named by variables in <paramref name="raw"/> that the context cannot supply and that have no default.</summary>
    public static IEnumerable<string> UnresolvableKeys(string raw, ConditionContext context)
    {
        var start = raw.IndexOf("${", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = FindClosingBrace(raw, start + 2);
            if (end < 0)
            {
                yield break;
            }

            if (TryParseBody(raw[(start + 2)..end], out var key, out var hasDefault, out _)
                && key is not null && !hasDefault && !context.Contains(key))
            {
                yield return key;
            }

            start = raw.IndexOf("${", end + 1, StringComparison.Ordinal);
        }
    }

    private static bool TryEvaluate(string body, ConditionContext context, out string value)
    {
        value = "";
        if (!TryParseBody(body, out var key, out var hasDefault, out var defaultValue))
        {
            return false;
        }

        if (key is null)
        {
            value = defaultValue; // an escape: ${*}, ${?}, ${$}
            return true;
        }

        if (context.TryGetValues(key, out var values) && values.Count == 1)
        {
            value = values[0];
            return true;
        }

        value = defaultValue;
        return hasDefault;
    }

    /// <summary>Parses the text between <c>${</c> and <c>}</c>. An escape yields key null and its character as the default.</summary>
    private static bool TryParseBody(string body, out string? key, out bool hasDefault, out string defaultValue)
    {
        key = null;
        hasDefault = false;
        defaultValue = "";
        var trimmed = body.Trim();
        if (trimmed is "*" or "?" or "$")
        {
            defaultValue = trimmed;
            return true;
        }

        var comma = trimmed.IndexOf(',');
        var name = (comma < 0 ? trimmed : trimmed[..comma]).Trim();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            return false;
        }

        key = name;
        if (comma < 0)
        {
            return true;
        }

        var quoted = trimmed[(comma + 1)..].Trim();
        if (quoted.Length < 2 || quoted[0] != '\'' || quoted[^1] != '\'')
        {
            return false;
        }

        var inner = quoted[1..^1];
        // A quote inside the default is written twice ('') and must not appear alone.
        if (inner.Replace("''", "", StringComparison.Ordinal).Contains('\''))
        {
            return false;
        }

        hasDefault = true;
        defaultValue = inner.Replace("''", "'", StringComparison.Ordinal);
        return true;
    }

    /// <summary>Finds the brace closing a variable, skipping braces inside a quoted default value.</summary>
    private static int FindClosingBrace(string raw, int from)
    {
        var inQuotes = false;
        for (var i = from; i < raw.Length; i++)
        {
            if (raw[i] == '\'')
            {
                inQuotes = !inQuotes;
            }
            else if (raw[i] == '}' && !inQuotes)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Append(StringBuilder text, List<bool> literal, ReadOnlySpan<char> chars, bool isLiteral)
    {
        text.Append(chars);
        for (var i = 0; i < chars.Length; i++)
        {
            literal.Add(isLiteral);
        }
    }
}
