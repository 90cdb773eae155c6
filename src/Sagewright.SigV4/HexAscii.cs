namespace Sagewright.SigV4;

internal static class HexAscii
{
    private static ReadOnlySpan<byte> LowerDigits => "0123456789abcdef"u8;

    /// <summary>Writes lowercase hex as ASCII bytes; returns the number of bytes written (twice the input).</summary>
    public static int WriteLower(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        for (var i = 0; i < value.Length; i++)
        {
            destination[2 * i] = LowerDigits[value[i] >> 4];
            destination[2 * i + 1] = LowerDigits[value[i] & 0xF];
        }

        return value.Length * 2;
    }
}
