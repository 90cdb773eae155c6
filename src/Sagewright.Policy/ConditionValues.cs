using System.Globalization;

namespace Sagewright.Policy;

/// <summary>Compares one request value with one (already variable-resolved) policy value. Unparseable values never match.</summary>
internal static class ConditionValues
{
    public static bool Matches(ConditionComparison comparison, string requestValue, PatternText policyValue) => comparison switch
    {
        ConditionComparison.StringEquals => string.Equals(requestValue, policyValue.Text, StringComparison.Ordinal),
        ConditionComparison.StringEqualsIgnoreCase => string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase),
        ConditionComparison.StringLike => WildcardMatcher.Matches(policyValue, requestValue, ignoreCase: false),
        ConditionComparison.ArnLike => WildcardMatcher.MatchesArnSegments(policyValue, requestValue),
        ConditionComparison.NumericEquals => CompareNumbers(requestValue, policyValue.Text) is 0,
        ConditionComparison.NumericLessThan => CompareNumbers(requestValue, policyValue.Text) is < 0,
        ConditionComparison.NumericLessThanEquals => CompareNumbers(requestValue, policyValue.Text) is <= 0,
        ConditionComparison.NumericGreaterThan => CompareNumbers(requestValue, policyValue.Text) is > 0,
        ConditionComparison.NumericGreaterThanEquals => CompareNumbers(requestValue, policyValue.Text) is >= 0,
        ConditionComparison.DateEquals => CompareDates(requestValue, policyValue.Text) is 0,
        ConditionComparison.DateLessThan => CompareDates(requestValue, policyValue.Text) is < 0,
        ConditionComparison.DateLessThanEquals => CompareDates(requestValue, policyValue.Text) is <= 0,
        ConditionComparison.DateGreaterThan => CompareDates(requestValue, policyValue.Text) is > 0,
        ConditionComparison.DateGreaterThanEquals => CompareDates(requestValue, policyValue.Text) is >= 0,
        ConditionComparison.Bool => IsBool(policyValue.Text) && string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase),
        ConditionComparison.BinaryEquals => BinaryEquals(requestValue, policyValue.Text),
        ConditionComparison.IpAddress => IpAddressRange.TryParse(policyValue.Text, out var range) && range.Contains(requestValue),
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Null is evaluated on key presence, not on values."),
    };

    private static int? CompareNumbers(string left, string right) =>
        TryParseNumber(left, out var l) && TryParseNumber(right, out var r) ? l.CompareTo(r) : null;

    private static bool TryParseNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static int? CompareDates(string left, string right) =>
        TryParseDate(left, out var l) && TryParseDate(right, out var r) ? l.CompareTo(r) : null;

    /// <summary>ISO-8601 (a missing offset means UTC) or epoch seconds, possibly fractional.</summary>
    internal static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            value = default;
            if (epochSeconds is < -62135596800m or > 253402300799m)
            {
                return false;
            }

            value = DateTimeOffset.UnixEpoch.AddTicks((long)(epochSeconds * TimeSpan.TicksPerSecond));
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool IsBool(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool BinaryEquals(string requestValue, string policyValue)
    {
        var request = TryDecodeBase64(requestValue);
        var policy = TryDecodeBase64(policyValue);
        return request is not null && policy is not null && request.AsSpan().SequenceEqual(policy);
    }

    private static byte[]? TryDecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
