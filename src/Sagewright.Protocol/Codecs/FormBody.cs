using System.Text;

namespace Sagewright.Protocol.Codecs;

/// <summary>application/x-www-form-urlencoded parsing ('+' is a space, %XX escapes are UTF-8).</summary>
public static class FormBody
{
    public static IEnumerable<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? [] : ParseText(Encoding.UTF8.GetString(body));

    public static IEnumerable<KeyValuePair<string, string>> ParseText(string text)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            yield return new(Decode(key), Decode(value));
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
