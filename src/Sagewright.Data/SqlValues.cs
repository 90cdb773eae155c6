using System.Globalization;

namespace Sagewright.Data;

/// <summary>Conversions shared by both backends between CLR values and the portable column types.</summary>
internal static class SqlValues
{
    // Fixed width and always UTC, so TEXT comparison and ORDER BY follow time order.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.TryParseExact(
            text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public static DateTimeOffset ToTimestamp(object value) => value switch
    {
        string text => ParseTimestamp(text),
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Cannot read a {value.GetType().Name} as a timestamp."),
    };

    /// <summary>Converts a provider value (long, string, bool, byte[], ...) to the type a caller asked for.</summary>
    public static T? ConvertTo<T>(object? value)
    {
        if (value is null or DBNull)
        {
            return default;
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsInstanceOfType(value))
        {
            return (T)value;
        }
        object converted = target switch
        {
            _ when target == typeof(DateTimeOffset) => ToTimestamp(value),
            _ when target == typeof(bool) => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            _ when target == typeof(Guid) => Guid.Parse((string)value),
            _ when target.IsEnum => Enum.ToObject(target, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            _ => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
        };
        return (T)converted;
    }
}
