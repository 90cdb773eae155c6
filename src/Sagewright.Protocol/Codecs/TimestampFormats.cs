using System.Globalization;
using Sagewright.Core;

namespace Sagewright.Protocol.Codecs;

/// <summary>Timestamp text in the formats AWS protocols use: iso8601, rfc822 (HTTP date) and unixTimestamp.</summary>
public static class TimestampFormats
{
    public const string Iso8601 = "iso8601";
    public const string Rfc822 = "rfc822";
    public const string UnixTimestamp = "unixTimestamp";

    public static string Format(DateTimeOffset value, string format) => format switch
    {
        Iso8601 => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        Rfc822 => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture),
        UnixTimestamp => FormatEpoch(value),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown timestamp format."),
    };

    public static string FormatEpoch(DateTimeOffset value) =>
        (value.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Parses any of the three formats (clients are not consistent about which they send).</summary>
    public static DateTimeOffset Parse(string text, string memberName)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }
        throw new AwsServiceException("SerializationException", $"Value '{text}' of {memberName} is not a valid timestamp.", 400);
    }
}
