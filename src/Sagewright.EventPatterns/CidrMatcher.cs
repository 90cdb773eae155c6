using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// An IPv4 or IPv6 block held as a 128-bit number and a mask. Host bits in the base address are ignored rather than
/// rejected; only string values that are IP addresses of the same family can match.
/// </summary>
internal sealed class CidrMatcher : IValueMatcher
{
    private readonly int _addressBytes;
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private CidrMatcher(int addressBytes, UInt128 network, UInt128 mask)
    {
        _addressBytes = addressBytes;
        _network = network & mask;
        _mask = mask;
    }

    public static CidrMatcher Parse(string block)
    {
        var parts = block.Split('/');
        if (parts.Length != 2)
        {
            throw PatternErrors.Invalid(PatternErrors.CidrOneSlash);
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefixLength))
        {
            throw PatternErrors.Invalid(PatternErrors.CidrMaskNotInteger);
        }

        if (!TryReadAddress(parts[0], out var bytes, out var value) || prefixLength > bytes * 8)
        {
            throw PatternErrors.Invalid(PatternErrors.NonstandardIpAddress(parts[0]));
        }

        var hostBits = bytes * 8 - prefixLength;
        var fullMask = bytes == 4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        var mask = hostBits == bytes * 8 ? UInt128.Zero : fullMask >> hostBits << hostBits;
        return new CidrMatcher(bytes, value, mask);
    }

    public bool Matches(JsonElement scalar) =>
        scalar.ValueKind == JsonValueKind.String
        && TryReadAddress(scalar.GetString()!, out var bytes, out var value)
        && bytes == _addressBytes
        && (value & _mask) == _network;

    private static bool TryReadAddress(string text, out int byteCount, out UInt128 value)
    {
        byteCount = 0;
        value = UInt128.Zero;
        if (!IsStandardForm(text) || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        byteCount = bytes.Length;
        value = bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }

    // IPAddress.TryParse also takes the legacy inet_aton shorthands ("10.1" is 10.0.0.1, "10" is 0.0.0.10), which
    // event-ruler does not; IPv4 must be four dotted decimal parts.
    private static bool IsStandardForm(string text) =>
        text.Contains(':') || (text.Count(c => c == '.') == 3 && text.All(c => c == '.' || char.IsAsciiDigit(c)));
}
