using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Sagewright.Events;

/// <summary>
/// A rule's ScheduleExpression: <c>rate(N unit)</c> (minute(s), hour(s), day(s); singular exactly when N is 1) or
/// AWS's six-field <c>cron(minutes hours day-of-month month day-of-week year)</c>, where one of the two day fields must
/// be <c>?</c>, day-of-week counts 1–7 from Sunday and L, W and # work as in AWS. The first five fields are evaluated by
/// Cronos (after renumbering day-of-week to its 0–6), the year field here. All times are UTC, as in AWS.
/// </summary>
internal abstract partial class ScheduleExpression
{
    public abstract DateTimeOffset? NextAfter(DateTimeOffset time);

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScheduleExpression? schedule)
    {
        schedule = null;
        if (RatePattern().Match(text) is { Success: true } rate)
        {
            if (!long.TryParse(rate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return false;
            }
            var unit = rate.Groups[2].Value;
            if ((value == 1) != !unit.EndsWith('s'))
            {
                return false;
            }
            var period = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(value),
                "hour" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            schedule = new Rate(period);
            return true;
        }
        if (CronPattern().Match(text) is { Success: true } cron)
        {
            schedule = ParseCron(cron.Groups[1].Value.Trim());
            return schedule is not null;
        }
        return false;
    }

    private static Cron? ParseCron(string fields)
    {
        var parts = fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || (parts[2] == "?") == (parts[4] == "?") || YearField.Parse(parts[5]) is not { } years)
        {
            return null;
        }
        var dayOfWeek = parts[4] == "?" ? "?" : DayOfWeekNumber().Replace(parts[4].ToUpperInvariant(),
            m => (int.Parse(m.Value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
        try
        {
            return new Cron(CronExpression.Parse($"{parts[0]} {parts[1]} {parts[2]} {parts[3]} {dayOfWeek}", CronFormat.Standard), years);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    private sealed class Rate(TimeSpan period) : ScheduleExpression
    {
        public override DateTimeOffset? NextAfter(DateTimeOffset time) => time + period;
    }

    private sealed class Cron(CronExpression expression, YearField years) : ScheduleExpression
    {
        private const int LastYear = 2199;

        public override DateTimeOffset? NextAfter(DateTimeOffset time)
        {
            var from = time;
            while (expression.GetNextOccurrence(from, TimeZoneInfo.Utc) is { } next && next.Year <= LastYear)
            {
                if (years.Contains(next.Year))
                {
                    return next;
                }
                from = new DateTimeOffset(next.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1);
            }
            return null;
        }
    }

    /// <summary>The year field: *, a year, a range, a list of those, each optionally /step (1970–2199).</summary>
    private sealed class YearField(Func<int, bool> contains)
    {
        public bool Contains(int year) => contains(year);

        public static YearField? Parse(string field)
        {
            var terms = new List<Func<int, bool>>();
            foreach (var term in field.Split(','))
            {
                var (range, step) = term.Split('/') switch
                {
                    [var r] => (r, 1),
                    [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                    _ => (null, 0),
                };
                int low, high;
                if (range == "*")
                {
                    (low, high) = (1970, 2199);
                }
                else if (range?.Split('-') is [var a, var b] && Year(a) is { } from && Year(b) is { } to && from <= to)
                {
                    (low, high) = (from, to);
                }
                else if (range is not null && Year(range) is { } single)
                {
                    (low, high) = (single, step > 1 ? 2199 : single);
                }
                else
                {
                    return null;
                }
                terms.Add(y => y >= low && y <= high && (y - low) % step == 0);
            }
            return new YearField(y => terms.Any(t => t(y)));
        }

        private static int? Year(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1970 and <= 2199 ? year : null;
    }

    [GeneratedRegex(@"\Arate\((\d+) (minute|minutes|hour|hours|day|days)\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"\Acron\((.+)\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex CronPattern();

    // A day-of-week number not after '#' (6#3 is the third Friday: only the 6 is a day).
    [GeneratedRegex(@"(?<![#\d])[1-7](?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DayOfWeekNumber();
}
