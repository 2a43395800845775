using Npgsql;
using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Tests.Shared;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Postgres;

/// <summary>Backups with manifests, restore into the live database or beside it, and verification, on a real PostgreSQL 15.</summary>
public sealed class PostgresRestoreTests(PostgresClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _temp = new("runway-restore-");
    private readonly List<string> _steps = [];

    private PostgresCluster Cluster => fixture.Cluster!;

    private BackupStore Store => new(_temp.Combine("backups"), TimeProvider.System);

    private PostgresRestore Restore => new(Cluster, TimeProvider.System);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Restore_brings_back_exactly_the_rows_of_the_backup_and_a_backup_taken_before_holds_the_later_ones()
    {
        if (Skipped())
        {
            return;
        }

        var live = await Cluster.ProvisionAsync("shop", "production", None);
        await ExecuteAsync(live, """
            CREATE TABLE items (id serial PRIMARY KEY, name text, price numeric(10,2), at timestamptz, tags text[], data jsonb);
            INSERT INTO items (name, price, at, tags, data) VALUES
              ('pen', 1.50, '2026-01-02 03:04:05+00', '{blue}', '{"a": 1}'),
              ('ink', 12.00, '2026-01-03 00:00:00+02', NULL, '[]'),
              ('pad', 3.25, NULL, '{a,b}', NULL);
            CREATE TABLE empty_one (x int);
            """);
        var before = await RowsAsync(live, "SELECT id || ':' || name || ':' || price FROM items ORDER BY id");
        var backup = await BackupAsync(live);
        Assert.Equal(
            [("public.empty_one", 0L), ("public.items", 3L)],
            backup.Manifest!.Tables!.Select(t => (t.Name, t.Rows)));

        await ExecuteAsync(live, "INSERT INTO items (name, price) VALUES ('cap', 2), ('nib', 4); UPDATE items SET price = 99 WHERE name = 'pen'; DELETE FROM items WHERE name = 'ink'");
        var later = await RowsAsync(live, "SELECT id || ':' || name || ':' || price FROM items ORDER BY id");
        var safety = await BackupAsync(live);
        await using var session = await OpenAsync(live); // an app's open connection: ended by the swap

        PostgresRestoreResult result;
        await using (var archive = await Store.OpenVerifiedAsync(backup, None))
        {
            result = await Restore.ReplaceAsync(live, archive, backup.Manifest, _steps.Add, None);
        }

        Assert.True(result.Swapped, result.Check.Describe());
        Assert.True(result.Check.Matches);
        Assert.Equal(before, await RowsAsync(live, "SELECT id || ':' || name || ':' || price FROM items ORDER BY id"));
        await Assert.ThrowsAnyAsync<Exception>(() => new NpgsqlCommand("SELECT 1", session).ExecuteScalarAsync(None));
        // The app's role owns what was restored and goes on writing through the same URL; the sequence came back too.
        Assert.Equal("4", (await RowsAsync(live, "INSERT INTO items (name) VALUES ('new') RETURNING id"))[0]);
        Assert.Equal(live.Role, (await RowsAsync(live, "SELECT tableowner FROM pg_tables WHERE tablename = 'items'"))[0]);
        Assert.Empty(await RunwayDatabasesAsync());

        // The backup taken just before the restore holds what the restore replaced.
        await using (var archive = await Store.OpenVerifiedAsync(safety, None))
        {
            var beside = await Restore.RestoreBesideAsync(live, "shop_undo", archive, safety.Manifest, _steps.Add, None);
            Assert.True(beside.Check.Matches, beside.Check.Describe());
            Assert.Equal("shop_undo", beside.Database.Database);
            Assert.Equal(later, await RowsAsync(beside.Database, "SELECT id || ':' || name || ':' || price FROM items ORDER BY id"));
        }

        await using (var archive = await Store.OpenVerifiedAsync(safety, None))
        {
            var taken = await Assert.ThrowsAsync<PostgresAddonException>(() => Restore.RestoreBesideAsync(live, "shop_undo", archive, safety.Manifest, _steps.Add, None));
            Assert.Contains("already exists", taken.Message, StringComparison.Ordinal);
            var invalid = await Assert.ThrowsAsync<PostgresAddonException>(() => Restore.RestoreBesideAsync(live, "runway_x", archive, safety.Manifest, _steps.Add, None));
            Assert.Contains("cannot name the new database", invalid.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_passes_on_a_good_backup_and_names_what_differs_from_a_tampered_manifest()
    {
        if (Skipped())
        {
            return;
        }

        var live = await Cluster.ProvisionAsync("blog", "production", None);
        await ExecuteAsync(live, "CREATE SCHEMA \"Odd Name\"; CREATE TABLE \"Odd Name\".posts (id int, body text); INSERT INTO \"Odd Name\".posts SELECT g, 'post ' || g FROM generate_series(1, 500) g");
        var backup = await BackupAsync(live);
        Assert.Equal("\"Odd Name\".posts", Assert.Single(backup.Manifest!.Tables!).Name);

        var good = await VerifyAsync(backup, backup.Manifest);
        Assert.True(good.Matches, good.Describe());
        Assert.Contains("1 table(s), 500 rows", good.Summary, StringComparison.Ordinal);

        var table = backup.Manifest.Tables![0];
        var fewer = await VerifyAsync(backup, backup.Manifest with { Tables = [table with { Rows = 501 }] });
        Assert.Equal(["table \"Odd Name\".posts has 500 rows, the manifest recorded 501"], fewer.Differences);
        var changed = await VerifyAsync(backup, backup.Manifest with { Tables = [table with { Checksum = "12345" }] });
        Assert.Contains("checksum is " + table.Checksum + ", not 12345", Assert.Single(changed.Differences), StringComparison.Ordinal);
        var missing = await VerifyAsync(backup, backup.Manifest with { Tables = [table, new TableManifest("public.gone", 1, "1")] });
        Assert.Equal(["table public.gone (1 rows) is missing"], missing.Differences);

        // One changed value, same row count: the checksum tells.
        await ExecuteAsync(live, "UPDATE \"Odd Name\".posts SET body = 'post 1 edited' WHERE id = 1");
        var edited = BackupManifestComparison.Compare(backup.Manifest, await PostgresContents.ReadAsync(Cluster.Superuser(live.Database), None));
        Assert.Contains("has the recorded 500 rows but their checksum is", Assert.Single(edited.Differences), StringComparison.Ordinal);

        var old = await VerifyAsync(backup, manifest: null);
        Assert.False(old.HadManifest);
        Assert.True(old.Matches);
        Assert.Contains("no manifest", old.Summary, StringComparison.Ordinal);
        Assert.Empty(await RunwayDatabasesAsync());
    }

    [Fact]
    public async Task A_restore_that_does_not_match_the_manifest_leaves_the_live_database_as_it_was()
    {
        if (Skipped())
        {
            return;
        }

        var live = await Cluster.ProvisionAsync("cart", "production", None);
        await ExecuteAsync(live, "CREATE TABLE lines (n int); INSERT INTO lines VALUES (1), (2)");
        var backup = await BackupAsync(live);
        await ExecuteAsync(live, "INSERT INTO lines VALUES (3)");

        var tampered = backup.Manifest! with { Tables = [backup.Manifest.Tables![0] with { Rows = 7 }] };
        await using var archive = await Store.OpenVerifiedAsync(backup, None);
        var result = await Restore.ReplaceAsync(live, archive, tampered, _steps.Add, None);

        Assert.False(result.Swapped);
        Assert.Equal(["table public.lines has 2 rows, the manifest recorded 7"], result.Check.Differences);
        Assert.Equal(["1", "2", "3"], await RowsAsync(live, "SELECT n FROM lines ORDER BY n"));
        Assert.Empty(await RunwayDatabasesAsync());

        // An archive pg_restore cannot read (cut short): the half-restored database goes, the live one stays.
        await using var cut = new MemoryStream((await File.ReadAllBytesAsync(Store.PathOf(backup)))[..600]);
        var failed = await Assert.ThrowsAsync<PostgresAddonException>(() => Restore.ReplaceAsync(live, cut, backup.Manifest, _steps.Add, None));
        Assert.Contains("pg_restore exited with code 1", failed.Message, StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3"], await RowsAsync(live, "SELECT n FROM lines ORDER BY n"));
        Assert.Empty(await RunwayDatabasesAsync());
    }

    [Fact]
    public async Task The_manifest_describes_exactly_the_dump_while_the_app_keeps_writing()
    {
        if (Skipped())
        {
            return;
        }

        var live = await Cluster.ProvisionAsync("feed", "production", None);
        await ExecuteAsync(live, "CREATE TABLE events (id bigserial, body text); INSERT INTO events (body) SELECT repeat('x', 100) FROM generate_series(1, 50000)");
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            await using var connection = await OpenAsync(live);
            while (!stop.IsCancellationRequested)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO events (body) VALUES ('later')", connection);
                await insert.ExecuteNonQueryAsync(None);
                writes++;
            }
        });

        BackupMetadata backup;
        try
        {
            backup = await BackupAsync(live);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        output.WriteLine($"{writes} rows were written while the backup ran; the manifest has {backup.Manifest!.Tables![0].Rows}");
        Assert.True(writes > 0);
        var check = await VerifyAsync(backup, backup.Manifest);
        Assert.True(check.Matches, check.Describe());
    }

    private async Task<BackupMetadata> BackupAsync(PostgresDatabase live) =>
        await Store.CreateAsync(live.Database, "db", "postgres", release: null, compress: false,
            async (stream, ct) => await PostgresDump.DumpAsync(Cluster, live.Database, stream, ct), None);

    private async Task<ManifestCheck> VerifyAsync(BackupMetadata backup, BackupManifest? manifest)
    {
        await using var archive = await Store.OpenVerifiedAsync(backup, None);
        return await Restore.VerifyAsync(archive, manifest, _steps.Add, None);
    }

    /// <summary>Databases a restore or verification made for itself; none may be left behind.</summary>
    private async Task<IReadOnlyList<string>> RunwayDatabasesAsync() =>
        await RowsAsync(Cluster.Superuser("postgres"), "SELECT datname FROM pg_database WHERE datname LIKE 'runway\\_%'");

    private static Task<NpgsqlConnection> OpenAsync(PostgresDatabase database) => PostgresContents.OpenAsync(database, CancellationToken.None);

    private static async Task ExecuteAsync(PostgresDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(None);
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(PostgresDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(None);
        var rows = new List<string>();
        while (await reader.ReadAsync(None))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    [Fact]
    public async Task Copies_left_by_a_crash_are_dropped_and_set_aside_live_data_is_kept()
    {
        if (Skipped())
        {
            return;
        }

        var live = await Cluster.ProvisionAsync("crashed", "production", None);
        await using (var admin = await PostgresContents.OpenAsync(Cluster.Superuser("postgres"), None))
        {
            foreach (var name in new[] { "runway_restore_0badf00d", "runway_verify_0badf00d", "runway_replaced_0badf00d" })
            {
                await PostgresContents.ExecuteAsync(admin, $"CREATE DATABASE {name}", None);
            }
        }

        var leftovers = await Restore.CleanLeftoversAsync(None);
        Assert.Equal(["runway_restore_0badf00d", "runway_verify_0badf00d"], leftovers.Dropped);
        Assert.Equal(["runway_replaced_0badf00d"], leftovers.Kept);
        await using var check = await PostgresContents.OpenAsync(Cluster.Superuser("postgres"), None);
        var remaining = await PostgresContents.ScalarAsync(check, "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datname LIKE 'runway\\_%'", None);
        Assert.Equal("runway_replaced_0badf00d", remaining);
        Assert.Equal(live.Database, await PostgresContents.ScalarAsync(check, "SELECT datname FROM pg_database WHERE datname = $1", None, live.Database));
        await PostgresContents.ExecuteAsync(check, "DROP DATABASE runway_replaced_0badf00d", None);
    }

    private bool Skipped()
    {
        if (PostgresClusterFixture.Available)
        {
            return false;
        }

        output.WriteLine(PostgresClusterFixture.SkipMessage);
        return true;
    }
}
