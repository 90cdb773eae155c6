using System.Globalization;

namespace Sagewright.SigV4;

/// <summary>The ISO 8601 basic timestamp SigV4 uses (<c>yyyyMMdd'T'HHmmss'Z'</c>).</summary>
internal static class AmzDateFormat
{
    private const string Pattern = "yyyyMMdd'T'HHmmss'Z'";

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset time)
    {
        var parsed = DateTime.TryParseExact(
            text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc);
        time = parsed ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return parsed;
    }

    /// <summary>The HTTP Date header form (RFC 1123), which SigV4 accepts when X-Amz-Date is absent.</summary>
    public static bool TryParseHttpDate(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
}
