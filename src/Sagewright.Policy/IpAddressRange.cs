using System.Net;
using System.Net.Sockets;

namespace Sagewright.Policy;

/// <summary>
/// An IPv4 or IPv6 CIDR block (a bare address is a /32 or /128). Host bits set in the base address are ignored,
/// as AWS does, which is why this does not use <see cref="IPNetwork"/> (it rejects such blocks).
/// </summary>
internal readonly record struct IpAddressRange(byte[] Network, int PrefixLength)
{
    public static bool TryParse(string text, out IpAddressRange range)
    {
        range = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var maxPrefix = bytes.Length * 8;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > maxPrefix))
        {
            return false;
        }

        range = new IpAddressRange(bytes, prefix);
        return true;
    }

    public bool Contains(string addressText)
    {
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6 && Network.Length == 4)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (bytes.Length != Network.Length)
        {
            return false;
        }

        var remaining = PrefixLength;
        for (var i = 0; i < bytes.Length && remaining > 0; i++, remaining -= 8)
        {
            var mask = remaining >= 8 ? 0xFF : (byte)(0xFF << (8 - remaining));
            if ((bytes[i] & mask) != (Network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
