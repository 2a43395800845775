using Runway.Model;

namespace Runway.Runtime.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 23, 41, 30, TimeSpan.Zero); // a Saturday

    [Theory]
    [InlineData("* * * * *", "2026-11-21 23:42")]
    [InlineData("*/15 * * * *", "2026-11-21 23:45")]
    [InlineData("0 3 * * *", "2026-11-22 03:00")]
    [InlineData("30 9 * * MON-FRI", "2026-11-23 09:30")]
    [InlineData("0 0 1 JAN *", "2027-01-01 00:00")]
    [InlineData("0 12 * * 7", "2026-11-22 12:00")]
    [InlineData("5,10 0 * * *", "2026-11-22 00:05")]
    [InlineData("0 0 29 2 *", "2028-02-29 00:00")]
    [InlineData("0 6 1 * 1", "2026-11-23 06:00")] // both day fields restricted: the 1st of a month OR a Monday
    [InlineData("10-20/5 23 * * *", "2026-11-22 23:10")]
    public void Next_is_the_first_matching_minute_after_the_given_time(string text, string expected)
    {
        Assert.True(CronSchedule.TryParse(text, out var schedule, out var problem), problem);
        var next = schedule.Next(Start)!.Value;
        Assert.Equal(expected, next.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_date_that_never_comes_has_no_next_run()
    {
        Assert.True(CronSchedule.TryParse("0 0 30 2 *", out var schedule, out _));
        Assert.Null(schedule.Next(Start));
    }

    [Theory]
    [InlineData("* * * *", "has 4 fields; expected 5")]
    [InlineData("60 * * * *", "invalid minute field \"60\"")]
    [InlineData("* 24 * * *", "invalid hour field")]
    [InlineData("* * 0 * *", "invalid day of month field")]
    [InlineData("* * * 13 *", "invalid month field")]
    [InlineData("* * * * 8", "invalid day of week field")]
    [InlineData("*/0 * * * *", "invalid minute field")]
    [InlineData("5-1 * * * *", "invalid minute field")]
    [InlineData("* * * FOO *", "invalid month field")]
    public void Invalid_schedules_say_which_field_is_wrong(string text, string expected)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
