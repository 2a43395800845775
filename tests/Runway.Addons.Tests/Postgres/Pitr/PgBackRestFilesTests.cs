using Runway.Addons.Postgres.Pitr;

namespace Runway.Addons.Tests.Postgres.Pitr;

public sealed class PgBackRestFilesTests
{
    private static readonly PointInTimeRecoveryOptions Options = new("/var/lib/runway/addons/postgres/100% pgbackrest") { RetentionDays = 14 };

    [Fact]
    public void The_config_keeps_every_path_in_its_own_directory_with_time_based_retention()
    {
        var config = PgBackRestFiles.Config(Options, "/var/lib/runway/addons/postgres/data", "/var/lib/runway/addons/postgres/data", 54321).Split('\n');

        Assert.Contains("repo1-path=/var/lib/runway/addons/postgres/100% pgbackrest/repo", config);
        Assert.Contains("lock-path=/var/lib/runway/addons/postgres/100% pgbackrest/lock", config);
        Assert.Contains("log-path=/var/lib/runway/addons/postgres/100% pgbackrest/log", config);
        Assert.Contains("spool-path=/var/lib/runway/addons/postgres/100% pgbackrest/spool", config);
        Assert.Contains("repo1-retention-full-type=time", config);
        Assert.Contains("repo1-retention-full=14", config);
        Assert.Contains("exclude=log/", config);
        Assert.Contains("[runway]", config);
        Assert.Contains("pg1-path=/var/lib/runway/addons/postgres/data", config);
        Assert.Contains("pg1-port=54321", config);
        Assert.DoesNotContain(config, line => line.Contains("/etc/", StringComparison.Ordinal) || line.Contains("/var/lib/pgbackrest", StringComparison.Ordinal));
    }

    [Fact]
    public void The_archive_command_quotes_paths_for_the_shell_and_escapes_percent_signs_for_the_server()
    {
        Assert.Equal(
            "'/usr/bin/pgbackrest' '--config-path=/var/lib/runway/addons/postgres/100%% pgbackrest' '--stanza=runway' archive-push %p",
            PgBackRestFiles.ArchiveCommand(Options));
        Assert.Equal(
            [
                "archive_mode = on",
                "archive_command = '''/usr/bin/pgbackrest'' ''--config-path=/var/lib/runway/addons/postgres/100%% pgbackrest'' ''--stanza=runway'' archive-push %p'",
                "archive_timeout = 60",
            ],
            PgBackRestFiles.ArchiveSettings(Options));
    }

    [Fact]
    public void A_scratch_cluster_never_archives_and_listens_on_no_tcp_address()
    {
        var settings = PgBackRestFiles.ScratchSettings(40000, "/x/restore/r-1").Split('\n');

        Assert.Contains("archive_mode = off", settings);
        Assert.Contains("listen_addresses = ''", settings);
        Assert.Contains("unix_socket_directories = '/x/restore/r-1'", settings);
        Assert.Contains("hot_standby = off", settings);
    }

    [Theory]
    [InlineData("/home/it's")]
    [InlineData("/a=b")]
    [InlineData("/line\nbreak")]
    public void Paths_pgbackrest_or_the_shell_cannot_carry_are_refused(string path) =>
        Assert.Contains(path, PgBackRestFiles.Unfit(path), StringComparison.Ordinal);

    [Fact]
    public void The_usual_directory_is_beside_the_data_directory_and_targets_are_utc_with_microseconds()
    {
        Assert.Equal("/srv/runway/addons/postgres/pgbackrest", PointInTimeRecoveryOptions.Beside("/srv/runway/addons/postgres/data/").Directory);
        Assert.Equal(
            "2025-03-04 04:06:07.123456+00",
            PgBackRest.TargetTime(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(1)).AddTicks(1234560)));
    }
}
