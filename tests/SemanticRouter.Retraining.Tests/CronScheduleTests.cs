using FsCheck;
using FsCheck.Fluent;
using SemanticRouter.Retraining;

namespace SemanticRouter.Retraining.Tests;

/// <summary><c>Retrain:Cron</c> keeps Quartz's form (seconds first, days of the week 1 = Sunday, optional year) under Hangfire.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 10, 7, 30, DateTimeKind.Utc); // a Saturday

    private static List<DateTime> Next(string quartz, int count) => CronSchedule.Parse(quartz, Now).Occurrences(Now).Take(count).ToList();

    [Fact]
    public void The_default_fires_every_quarter_hour_on_the_minute()
    {
        Assert.Equal(
            [new DateTime(2026, 12, 5, 10, 15, 0, DateTimeKind.Utc), new DateTime(2026, 12, 5, 10, 30, 0, DateTimeKind.Utc), new DateTime(2026, 12, 5, 10, 45, 0, DateTimeKind.Utc)],
            Next(new RetrainOptions().Cron, 3));
        Assert.Equal("0 0/15 * * * ?", CronSchedule.Parse("0 0/15 * * * ?", Now).Hangfire);
    }

    [Fact]
    public void Seconds_come_first()
    {
        Assert.Equal([Now.AddSeconds(2), Now.AddSeconds(4)], Next("0/2 * * * * ?", 2));
        Assert.Equal(new DateTime(2026, 12, 5, 12, 0, 45, DateTimeKind.Utc), Next("45 0 12 * * ?", 1)[0]);
    }

    [Theory]
    [InlineData("0 0 12 ? * 2", DayOfWeek.Monday)]     // Quartz: 1 is Sunday
    [InlineData("0 0 12 ? * 1", DayOfWeek.Sunday)]
    [InlineData("0 0 12 ? * 7", DayOfWeek.Saturday)]
    [InlineData("0 0 12 ? * MON", DayOfWeek.Monday)]
    [InlineData("0 0 12 ? * sat", DayOfWeek.Saturday)]
    public void Days_of_the_week_are_numbered_as_in_Quartz(string quartz, DayOfWeek day) =>
        Assert.All(Next(quartz, 5), at => Assert.Equal(day, at.DayOfWeek));

    [Fact]
    public void Ranges_last_and_nth_weekdays_shift_with_the_numbers()
    {
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Monday],
            Next("0 0 12 ? * 2-6", 6).Select(d => d.DayOfWeek));
        Assert.Equal(new DateTime(2026, 12, 18, 12, 0, 0, DateTimeKind.Utc), Next("0 0 12 ? * 6#3", 1)[0]); // third Friday
        Assert.Equal(new DateTime(2026, 12, 25, 12, 0, 0, DateTimeKind.Utc), Next("0 0 12 ? * 6L", 1)[0]);  // last Friday
        Assert.Equal(new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc), Next("0 0 0 L * ?", 1)[0]);     // last day of the month
    }

    [Fact]
    public void A_year_field_limits_the_firings_to_those_years()
    {
        Assert.Equal([new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc)], Next("0 0 0 1 1 ? 2099", 5));
        Assert.Equal([2027, 2029, 2031], Next("0 0 0 1 1 ? 2027-2031/2", 5).Select(d => d.Year));
        var schedule = CronSchedule.Parse("0 0 0 1 1 ? 2027,2030", Now);
        Assert.True(schedule.FiresIn(2030));
        Assert.False(schedule.FiresIn(2028));
        Assert.True(CronSchedule.Parse("0 0 0 1 1 ? *", Now).FiresIn(2028));
        Assert.Equal(new DateTime(2099, 1, 1, 0, 0, 1, DateTimeKind.Utc), Next("* * * * * ? 2099", 2)[1]); // finds it without walking every second
    }

    [Theory]
    [InlineData("", "0 fields")]
    [InlineData("0 0 * * *", "5 fields")]                   // a Unix expression: minutes first
    [InlineData("0 0 12 * * 2", "exactly one of day-of-month")] // Quartz refuses both days
    [InlineData("0 0 12 ? * ?", "exactly one of day-of-month")]
    [InlineData("0 61 * * * ?", "Minutes")]
    [InlineData("0 0 12 ? * 0", "day-of-week 0")]
    [InlineData("0 0 12 ? * 8", "day-of-week 8")]
    [InlineData("0 0 0 1 1 ? 2020", "never fires again")]
    [InlineData("0 0 0 30 2 ?", "never fires again")]
    [InlineData("0 0 0 1 1 ? 1969", "year field")]
    [InlineData("0 0 0 1 1 ? 2030-2027", "year field")]
    public void An_invalid_expression_is_refused_saying_why(string quartz, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => CronSchedule.Parse(quartz, Now)).Message);

    [Theory]
    [InlineData("0/2 * * * * ?", 1)]
    [InlineData("0/20 * * * * ?", 10)]
    [InlineData("0 0/15 * * * ?", 15)]
    [InlineData("0 0 0 1 1 ? 2099", 15)]
    public void Hangfire_looks_for_due_firings_often_enough_for_the_schedule(string quartz, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CronSchedule.Parse(quartz, Now).PollingInterval(Now));

    /// <summary>Any list of Quartz day numbers and ranges fires on exactly those days, counted from Sunday = 1.</summary>
    [Fact]
    public void Any_day_of_week_list_fires_on_the_days_Quartz_means()
    {
        var item = Gen.Choose(1, 7).SelectMany(a => Gen.Choose(a, 7).Select(b => (a, b)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(item.NonEmptyListOf().ToArbitrary(), items =>
        {
            var field = string.Join(',', items.Select(i => i.a == i.b ? $"{i.a}" : $"{i.a}-{i.b}"));
            var days = items.SelectMany(i => Enumerable.Range(i.a, i.b - i.a + 1)).Select(n => (DayOfWeek)(n - 1)).ToHashSet();
            var fired = Next($"0 0 6 ? * {field}", 14).Select(d => d.DayOfWeek).ToHashSet();
            Assert.True(days.SetEquals(fired), $"{field}: expected {string.Join(' ', days)}, fired {string.Join(' ', fired)}");
        }));
    }
}
