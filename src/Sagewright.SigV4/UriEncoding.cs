using System.Text;

namespace Sagewright.SigV4;

/// <summary>AWS's UriEncode: RFC 3986 unreserved characters stay, every other byte of the UTF-8 form becomes uppercase %XX.</summary>
internal static class UriEncoding
{
    private const string UpperHex = "0123456789ABCDEF";

    public static bool IsUnreserved(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';

    /// <summary>Appends UriEncode(<paramref name="value"/>) of unencoded text; '/' stays literal when <paramref name="keepSlash"/>.</summary>
    public static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> value, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (IsUnreserved(rune.Value) || (keepSlash && rune.Value == '/')))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                AppendEscape(builder, b);
            }
        }
    }

    /// <summary>
    /// Appends the AWS canonical form of an already percent-encoded component: valid %XX escapes are decoded and re-encoded
    /// (%7e becomes ~, %2f becomes %2F), other characters are encoded; a literal '/' stays when <paramref name="keepSlash"/>.
    /// Works byte-wise because the decoded bytes need not be valid UTF-8.
    /// </summary>
    public static void AppendNormalized(StringBuilder builder, ReadOnlySpan<char> raw, bool keepSlash)
    {
        var start = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%' || !TryReadEscape(raw, i, out var escaped))
            {
                continue;
            }

            AppendEncoded(builder, raw[start..i], keepSlash);
            // An escaped '/' stays escaped even in a path: %2F inside a segment is not a separator.
            if (IsUnreserved(escaped))
            {
                builder.Append((char)escaped);
            }
            else
            {
                AppendEscape(builder, escaped);
            }

            i += 2;
            start = i + 1;
        }

        AppendEncoded(builder, raw[start..], keepSlash);
    }

    /// <summary>Percent-decodes a query component (a '+' stays a '+': SigV4 clients encode spaces as %20).</summary>
    public static string Decode(ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('%'))
        {
            return raw.ToString();
        }

        var bytes = new List<byte>(raw.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && TryReadEscape(raw, i, out var escaped))
            {
                bytes.Add(escaped);
                i += 2;
                continue;
            }

            var rune = Rune.DecodeFromUtf16(raw[i..], out var decoded, out var consumed) == System.Buffers.OperationStatus.Done
                ? decoded
                : Rune.ReplacementChar;
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                bytes.Add(b);
            }

            i += Math.Max(consumed, 1) - 1;
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool TryReadEscape(ReadOnlySpan<char> raw, int percentIndex, out byte value)
    {
        value = 0;
        if (percentIndex + 2 >= raw.Length)
        {
            return false;
        }

        var high = HexValue(raw[percentIndex + 1]);
        var low = HexValue(raw[percentIndex + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (byte)((high << 4) | low);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    private static void AppendEscape(StringBuilder builder, byte value) =>
        builder.Append('%').Append(UpperHex[value >> 4]).Append(UpperHex[value & 0xF]);
}
