using System.Globalization;
using Cronos;

namespace SemanticRouter.Retraining;

/// <summary>
/// <c>Retrain:Cron</c>: a cron expression in Quartz's form (seconds first, then minutes, hours, day of month, month,
/// day of week, and an optional year; <c>?</c> in exactly one of the two day fields), read into the six-field form
/// Hangfire's parser (Cronos) takes. Quartz numbers the days of the week 1–7 from Sunday, Cronos 0–6, so numbers in
/// that field shift by one; Cronos has no year field, so the years are kept here and a firing in another year is skipped.
/// </summary>
public sealed class CronSchedule
{
    private const int FirstYear = 1970, LastYear = 2099; // Quartz's range

    private readonly bool[]? _years; // null: every year

    private CronSchedule(string hangfire, CronExpression expression, bool[]? years)
    {
        Hangfire = hangfire;
        Expression = expression;
        _years = years;
    }

    /// <summary>The expression as Hangfire reads it (six fields, seconds first).</summary>
    public string Hangfire { get; }

    public CronExpression Expression { get; }

    public bool FiresIn(int year) => _years is null || year is >= FirstYear and <= LastYear && _years[year - FirstYear];

    /// <summary>The schedule, or a <see cref="FormatException"/> whose message says what is wrong with it.</summary>
    public static CronSchedule Parse(string? quartz, DateTime now)
    {
        var fields = (quartz ?? "").ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (6 or 7))
            throw new FormatException($"it has {fields.Length} fields; a Quartz expression has 6 or 7: seconds minutes hours day-of-month month day-of-week [year], e.g. 0 0/15 * * * ?");
        if ((fields[3] == "?") == (fields[5] == "?"))
            throw new FormatException("exactly one of day-of-month (4th field) and day-of-week (6th field) must be '?', as in Quartz");
        var years = fields.Length == 7 ? Years(fields[6]) : null;
        var hangfire = string.Join(' ', fields[..5].Append(DaysOfWeek(fields[5])));
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(hangfire, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new FormatException(e.Message, e);
        }
        var schedule = new CronSchedule(hangfire, expression, years);
        if (schedule.Occurrences(now).FirstOrDefault() == default)
            throw new FormatException("it never fires again");
        return schedule;
    }

    /// <summary>The firings after <paramref name="from"/> (UTC), in the years the expression allows.</summary>
    public IEnumerable<DateTime> Occurrences(DateTime from)
    {
        var after = from;
        while (Expression.GetNextOccurrence(after) is { Year: <= LastYear } at)
        {
            if (FiresIn(at.Year))
            {
                yield return at;
                after = at;
                continue;
            }
            // Skip to the next year the expression allows, or stop.
            var year = Enumerable.Range(at.Year + 1, Math.Max(0, LastYear - at.Year)).FirstOrDefault(FiresIn);
            if (year == 0) yield break;
            after = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);
        }
    }

    /// <summary>
    /// How often Hangfire should look for a due firing: half the shortest gap between the next firings, between one
    /// second (a schedule every few seconds fires on time) and Hangfire's default of fifteen.
    /// </summary>
    public TimeSpan PollingInterval(DateTime now)
    {
        var next = Occurrences(now).Take(100).ToList();
        var gap = next.Zip(next.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        return TimeSpan.FromTicks(Math.Clamp(gap.Ticks / 2, TimeSpan.TicksPerSecond, 15 * TimeSpan.TicksPerSecond));
    }

    /// <summary>Quartz's day-of-week field with its numbers (1 = Sunday … 7 = Saturday) as Cronos numbers them (0 = Sunday).</summary>
    private static string DaysOfWeek(string field)
    {
        if (field == "L") return "6"; // alone, Quartz's L is the last day of the week: Saturday
        return string.Join(',', field.Split(',').Select(item =>
        {
            // n, n-m, n/step, n-m/step, nL, n#k: only the day numbers before any '/', 'L' or '#' change.
            var end = item.IndexOfAny(['/', 'L', '#']);
            var days = end < 0 ? item : item[..end];
            return string.Join('-', days.Split('-').Select(Day)) + (end < 0 ? "" : item[end..]);
        }));
    }

    private static string Day(string day)
    {
        if (!int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return day; // * ? SUN-SAT
        if (n is < 1 or > 7) throw new FormatException($"day-of-week {n} is out of range: Quartz numbers the days 1 (Sunday) to 7 (Saturday)");
        return (n - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The years a Quartz year field allows: <c>*</c>, a year, a range <c>a-b</c>, a step <c>a/s</c> or <c>a-b/s</c>, lists of these.</summary>
    private static bool[]? Years(string field)
    {
        if (field == "*") return null;
        var years = new bool[LastYear - FirstYear + 1];
        foreach (var item in field.Split(','))
        {
            var slash = item.Split('/');
            var range = slash[0].Split('-');
            var from = range[0] == "*" ? FirstYear : Year(range[0]);
            var to = range.Length > 1 ? Year(range[1]) : slash.Length > 1 || range[0] == "*" ? LastYear : from;
            var step = slash.Length > 1 ? Year(slash[1], 1, LastYear - FirstYear) : 1;
            if (range.Length > 2 || slash.Length > 2 || to < from) throw new FormatException($"the year field '{field}' is not a year, a range a-b, a step a/s or a list of these");
            for (var y = from; y <= to; y += step) years[y - FirstYear] = true;
        }
        return years;
    }

    private static int Year(string text, int min = FirstYear, int max = LastYear) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"'{text}' in the year field is not a number from {min} to {max}");
}
