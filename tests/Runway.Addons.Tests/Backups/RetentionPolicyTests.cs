using Runway.Addons.Backups;

namespace Runway.Addons.Tests.Backups;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);

    private static BackupMetadata Backup(string id, TimeSpan age, string addon = "db", string app = "shop") =>
        new(id, app, addon, "postgres", Now - age, TimeSpan.FromSeconds(2), 100, new string('a', 64), 1, id + ".dump.gz");

    private static string[] Ids(IEnumerable<BackupMetadata> backups) => [.. backups.Select(b => b.Id)];

    [Theory]
    [InlineData("12h", 12)]
    [InlineData("30d", 30 * 24)]
    [InlineData("4w", 4 * 7 * 24)]
    [InlineData(" 1D ", 24)]
    public void Ages_are_whole_hours_days_or_weeks(string text, int hours)
    {
        Assert.True(RetentionPolicy.TryParseAge(text, out var age, out var error), error);
        Assert.Equal(TimeSpan.FromHours(hours), age);
    }

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("30")]
    [InlineData("0d")]
    [InlineData("-3d")]
    [InlineData("1.5d")]
    [InlineData("30m")]
    [InlineData("3 d")]
    [InlineData("99999999w")]
    public void Other_ages_are_refused_with_what_is_allowed(string text)
    {
        Assert.False(RetentionPolicy.TryParseAge(text, out _, out var error));
        Assert.Contains($"\"{text}\" is not a retention age", error, StringComparison.Ordinal);
        Assert.Contains("h, d or w", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_reads_an_age_and_a_count_either_of_which_may_be_absent()
    {
        Assert.True(RetentionPolicy.TryParse("30d", 10, out var both, out _));
        Assert.Equal(new RetentionPolicy(TimeSpan.FromDays(30), 10), both);
        Assert.True(RetentionPolicy.TryParse(null, 5, out var countOnly, out _));
        Assert.Equal(new RetentionPolicy(null, 5), countOnly);
        Assert.True(RetentionPolicy.TryParse(null, null, out var none, out _));
        Assert.Equal(RetentionPolicy.KeepAll, none);

        Assert.False(RetentionPolicy.TryParse("30d", 0, out _, out var zero));
        Assert.Contains("retention count 0 keeps no backup", zero, StringComparison.Ordinal);
        Assert.False(RetentionPolicy.TryParse("soon", 3, out _, out var badAge));
        Assert.Contains("\"soon\" is not a retention age", badAge, StringComparison.Ordinal);
    }

    [Fact]
    public void Backups_older_than_the_age_are_deleted()
    {
        var backups = new[] { Backup("a", TimeSpan.FromDays(1)), Backup("b", TimeSpan.FromDays(5)), Backup("c", TimeSpan.FromDays(8)), Backup("d", TimeSpan.FromDays(30)) };

        Assert.Equal(["c", "d"], Ids(new RetentionPolicy(TimeSpan.FromDays(7), null).ToDelete(backups, Now)));
    }

    [Fact]
    public void A_backup_exactly_at_the_age_is_kept()
    {
        var backups = new[] { Backup("new", TimeSpan.Zero), Backup("edge", TimeSpan.FromDays(7)), Backup("past", TimeSpan.FromDays(7) + TimeSpan.FromTicks(1)) };

        Assert.Equal(["past"], Ids(new RetentionPolicy(TimeSpan.FromDays(7), null).ToDelete(backups, Now)));
    }

    [Fact]
    public void Beyond_the_count_the_oldest_are_deleted_whatever_the_input_order()
    {
        var backups = new[] { Backup("b", TimeSpan.FromHours(2)), Backup("d", TimeSpan.FromHours(4)), Backup("a", TimeSpan.FromHours(1)), Backup("c", TimeSpan.FromHours(3)) };

        Assert.Equal(["c", "d"], Ids(new RetentionPolicy(null, 2).ToDelete(backups, Now)));
        Assert.Equal(["b", "c", "d"], Ids(new RetentionPolicy(null, 1).ToDelete(backups, Now)));
        Assert.Empty(new RetentionPolicy(null, 4).ToDelete(backups, Now));
        Assert.Empty(new RetentionPolicy(null, 100).ToDelete(backups, Now));
    }

    [Fact]
    public void Age_and_count_together_delete_what_either_would()
    {
        var backups = new[]
        {
            Backup("1", TimeSpan.FromDays(1)), Backup("2", TimeSpan.FromDays(2)), Backup("3", TimeSpan.FromDays(3)),
            Backup("40", TimeSpan.FromDays(40)),
        };

        Assert.Equal(["3", "40"], Ids(new RetentionPolicy(TimeSpan.FromDays(30), 2).ToDelete(backups, Now)));
        Assert.Equal(["40"], Ids(new RetentionPolicy(TimeSpan.FromDays(30), 10).ToDelete(backups, Now)));
    }

    [Fact]
    public void The_newest_backup_is_kept_even_when_older_than_the_age()
    {
        // backups stopped months ago (the add-on is idle or backups keep failing): the last good one must survive
        var backups = new[] { Backup("old", TimeSpan.FromDays(90)), Backup("older", TimeSpan.FromDays(91)), Backup("oldest", TimeSpan.FromDays(200)) };

        Assert.Equal(["older", "oldest"], Ids(new RetentionPolicy(TimeSpan.FromDays(30), null).ToDelete(backups, Now)));
        Assert.Empty(new RetentionPolicy(TimeSpan.FromHours(1), 1).ToDelete([Backup("only", TimeSpan.FromDays(365))], Now));
    }

    [Fact]
    public void Each_addon_keeps_its_own_newest_backup()
    {
        var backups = new[]
        {
            Backup("db-new", TimeSpan.FromHours(1), "db"), Backup("db-old", TimeSpan.FromDays(60), "db"),
            Backup("cache-old", TimeSpan.FromDays(60), "cache"), Backup("cache-older", TimeSpan.FromDays(61), "cache"),
            Backup("blog-old", TimeSpan.FromDays(60), "db", app: "blog"),
        };

        Assert.Equal(["db-old", "cache-older"], Ids(new RetentionPolicy(TimeSpan.FromDays(30), null).ToDelete(backups, Now)));
        Assert.Equal(["db-old", "cache-older"], Ids(new RetentionPolicy(null, 1).ToDelete(backups, Now)));
    }

    [Fact]
    public void A_backup_listed_twice_counts_once_and_the_newest_is_not_deleted_as_its_own_duplicate()
    {
        var newest = Backup("n", TimeSpan.FromHours(1));
        var older = Backup("o", TimeSpan.FromDays(2));

        Assert.Equal(["o"], Ids(new RetentionPolicy(null, 1).ToDelete([newest, older, newest, older], Now)));
        Assert.Empty(new RetentionPolicy(null, 2).ToDelete([newest, newest, older], Now));
    }

    [Fact]
    public void Backups_started_at_the_same_time_are_ordered_by_id()
    {
        var backups = new[] { Backup("20260630T120000000Z-aaaaaa", TimeSpan.Zero), Backup("20260630T120000000Z-bbbbbb", TimeSpan.Zero) };

        Assert.Equal(["20260630T120000000Z-aaaaaa"], Ids(new RetentionPolicy(null, 1).ToDelete(backups, Now)));
    }

    [Fact]
    public void A_backup_dated_in_the_future_by_clock_skew_is_not_expired()
    {
        var backups = new[] { Backup("future", -TimeSpan.FromDays(2)), Backup("recent", TimeSpan.FromDays(1)), Backup("old", TimeSpan.FromDays(10)) };

        Assert.Equal(["old"], Ids(new RetentionPolicy(TimeSpan.FromDays(7), null).ToDelete(backups, Now)));
    }

    [Fact]
    public void Keeping_everything_deletes_nothing_and_an_empty_list_is_fine()
    {
        Assert.Empty(RetentionPolicy.KeepAll.ToDelete([Backup("a", TimeSpan.FromDays(1000)), Backup("b", TimeSpan.FromDays(2000))], Now));
        Assert.Empty(new RetentionPolicy(TimeSpan.FromDays(1), 1).ToDelete([], Now));
    }
}
