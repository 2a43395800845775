using System.Diagnostics;
using Npgsql;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Postgres.Pitr;

/// <summary>A real PostgreSQL 15 cluster archiving through pgBackRest: base backup, writes around a noted time, recovery of one database to it.</summary>
public sealed class PointInTimeRecoveryTests(PitrClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PitrClusterFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private PostgresCluster Cluster => fixture.Cluster!;

    private PostgresPointInTimeRecovery Recovery => fixture.Recovery;

    private string ScratchRoot => Path.Combine(Recovery.Directory, "restore");

    private bool Skipped()
    {
        if (PitrClusterFixture.Available)
        {
            return false;
        }

        output.WriteLine(PitrClusterFixture.SkipMessage);
        return true;
    }

    [Fact]
    public async Task A_database_recovered_to_a_noted_time_holds_the_write_before_it_and_not_the_one_after_while_the_live_cluster_keeps_both()
    {
        if (Skipped())
        {
            return;
        }

        Assert.True(Recovery.ArchivingActive, Recovery.Problem);
        await using (var superuser = await PitrClusterFixture.OpenSuperuserAsync(Cluster, "postgres"))
        {
            Assert.Equal("on", await TestSql.ScalarAsync(superuser, "SHOW archive_mode"));
        }

        var shop = await Cluster.ProvisionAsync("shop", "production", None);
        var blog = await Cluster.ProvisionAsync("blog", "production", None);
        await ExecuteAsync(shop, "CREATE TABLE orders (id int)");
        await ExecuteAsync(blog, "CREATE TABLE posts (title text)");

        var backup = await Recovery.TakeBaseBackupAsync(BaseBackupKind.Full, None);
        Assert.Equal(BaseBackupKind.Full, backup.Kind);
        var window = await Recovery.GetRecoveryWindowAsync(None);
        Assert.Equal(backup, window.Backups[^1]);
        Assert.True(window.Earliest <= backup.RecoverableFrom);
        Assert.True(backup.StartedAt <= backup.FinishedAt && backup.DatabaseBytes > 0 && backup.RepositoryBytes > 0, backup.ToString());

        // A database created after the base backup comes back from WAL alone.
        var news = await Cluster.ProvisionAsync("news", "production", None);
        await ExecuteAsync(news, "CREATE TABLE items (body text); INSERT INTO items VALUES ('before')");

        // pgBackRest records whole seconds, so recovery can start from the second after the backup ended.
        while (await ServerNowAsync() <= backup.RecoverableFrom)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        await ExecuteAsync(shop, "INSERT INTO orders VALUES (1)");
        var noted = await ServerNowAsync();
        // The noted time is the server's own clock, so the next commit is later whatever the delay; a short one keeps them apart.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await ExecuteAsync(shop, "INSERT INTO orders VALUES (2)");
        await ExecuteAsync(blog, "INSERT INTO posts VALUES ('written after the noted time')");
        await ExecuteAsync(news, "INSERT INTO items VALUES ('after')");

        var shopDump = Path.Combine(fixture.Directory, "shop.dump");
        await using (var file = File.Create(shopDump))
        {
            var dump = await Recovery.DumpDatabaseAtAsync(shop.Database, noted, file, None);
            Assert.Equal(backup.Label, dump.FromBackup.Label);
        }

        Assert.Equal(["1"], await RowsInDumpAsync(shopDump, "orders"));
        AssertScratchGone();

        var newsDump = Path.Combine(fixture.Directory, "news.dump");
        await using (var file = File.Create(newsDump))
        {
            await Recovery.DumpDatabaseAtAsync(news.Database, noted, file, None);
        }

        Assert.Equal(["before"], await RowsInDumpAsync(newsDump, "items"));
        AssertScratchGone();

        // The scratch clusters were promoted onto timeline 2 but never archived into the live repository.
        var archive = Path.Combine(Recovery.Directory, "repo", "archive", "runway");
        Assert.Empty(Directory.EnumerateFiles(archive, "00000002*", SearchOption.AllDirectories));

        // The live cluster is untouched: every write is still there, in both apps' databases.
        Assert.Equal(2L, await ScalarAsync(shop, "SELECT count(*) FROM orders"));
        Assert.Equal("written after the noted time", await ScalarAsync(blog, "SELECT title FROM posts"));
    }

    [Fact]
    public async Task Times_outside_the_recovery_window_are_refused_with_the_earliest_time_named()
    {
        if (Skipped())
        {
            return;
        }

        var app = await Cluster.ProvisionAsync("window", "production", None);
        var backups = (await Recovery.GetRecoveryWindowAsync(None)).Backups;
        var backup = backups.Count > 0 ? backups[0] : await Recovery.TakeBaseBackupAsync(BaseBackupKind.Full, None);

        var future = await Assert.ThrowsAsync<PointInTimeRecoveryException>(() => Recovery.DumpDatabaseAtAsync(app.Database, DateTimeOffset.UtcNow.AddHours(1), Stream.Null, None));
        Assert.Equal(PointInTimeRecoveryFailure.TargetInFuture, future.Reason);
        Assert.Contains("in the future", future.Message, StringComparison.Ordinal);

        var early = await Assert.ThrowsAsync<PointInTimeRecoveryException>(() => Recovery.DumpDatabaseAtAsync(app.Database, backup.StartedAt.AddSeconds(-1), Stream.Null, None));
        Assert.Equal(PointInTimeRecoveryFailure.TargetBeforeEarliest, early.Reason);
        Assert.Equal(backup.RecoverableFrom, early.EarliestRecoverable);
        Assert.Contains(backup.RecoverableFrom.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), early.Message, StringComparison.Ordinal);
        AssertScratchGone();
    }

    [Fact]
    public async Task Broken_archiving_is_reported_with_what_pgbackrest_said()
    {
        if (Skipped())
        {
            return;
        }

        var archive = Path.Combine(Recovery.Directory, "repo", "archive");
        var mode = File.GetUnixFileMode(archive);
        File.SetUnixFileMode(archive, UnixFileMode.None);
        try
        {
            var broken = await Assert.ThrowsAsync<PointInTimeRecoveryException>(() => Recovery.CheckArchivingAsync(None));
            Assert.Equal(PointInTimeRecoveryFailure.ArchivingBroken, broken.Reason);
            Assert.Contains("Permission denied", broken.Message, StringComparison.Ordinal);
            Assert.Contains("pgbackrest", broken.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(archive, mode);
        }

        await Recovery.CheckArchivingAsync(None);
    }

    private void AssertScratchGone()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        Assert.Empty(PitrClusterFixture.ProcessesUnder(ScratchRoot));
    }

    /// <summary>The rows of <paramref name="table"/> in a pg_dump -Fc archive, as pg_restore writes them in its COPY block.</summary>
    private static async Task<IReadOnlyList<string>> RowsInDumpAsync(string dump, string table)
    {
        var start = new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_restore") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--data-only", "--table=" + table, "--file=-", dump])
        {
            start.ArgumentList.Add(argument);
        }

        using var restore = Process.Start(start)!;
        var errors = restore.StandardError.ReadToEndAsync();
        var script = await restore.StandardOutput.ReadToEndAsync();
        await restore.WaitForExitAsync();
        Assert.True(restore.ExitCode == 0, await errors);
        var lines = script.Split('\n');
        var copy = Array.FindIndex(lines, l => l.StartsWith($"COPY public.{table} ", StringComparison.Ordinal));
        Assert.True(copy >= 0, $"no COPY of {table} in the dump:\n{script}");
        return lines.Skip(copy + 1).TakeWhile(l => l != "\\.").ToList();
    }

    private async Task<DateTimeOffset> ServerNowAsync()
    {
        await using var superuser = await PitrClusterFixture.OpenSuperuserAsync(Cluster, "postgres");
        return new DateTimeOffset((DateTime)(await TestSql.ScalarAsync(superuser, "SELECT clock_timestamp()"))!, TimeSpan.Zero);
    }

    private static async Task ExecuteAsync(PostgresDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(PostgresDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        return await TestSql.ScalarAsync(connection, sql);
    }

    private static Task<NpgsqlConnection> OpenAsync(PostgresDatabase database) => PostgresContents.OpenAsync(database, CancellationToken.None);
}
