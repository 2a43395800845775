using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>`runway db restore` and `runway db verify` against a real daemon whose app writes through DATABASE_URL and REDIS_URL.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class RestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restore_brings_back_the_rows_and_keys_of_the_backup_after_a_safety_backup_and_corrupt_files_are_refused()
    {
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb"))
        {
            output.WriteLine("skipped: PostgreSQL 15 is not installed (./test.sh installs it)");
            return;
        }

        using var app = TestApps.WithPostgres("ad-rs");
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Equal(["1", "2"], [await GetAsync(daemon, "/write"), await GetAsync(daemon, "/write")]);
        Assert.Equal(["1", "2"], [await GetAsync(daemon, "/incr"), await GetAsync(daemon, "/incr")]);
        await daemon.RunOkAsync("db", "backup", "ad-rs");
        var (db, cache) = (await BackupIdAsync(daemon, "db"), await BackupIdAsync(daemon, "cache"));
        Assert.Equal("3", await GetAsync(daemon, "/write"));
        Assert.Equal("3", await GetAsync(daemon, "/incr"));

        // One flipped byte: restore and verify refuse the file, name both hashes, and change nothing.
        var dump = Directory.EnumerateFiles(Path.Combine(daemon.Home, "backups", "ad-rs", "db"), db + ".dump").Single();
        var original = await File.ReadAllBytesAsync(dump);
        var corrupt = original.ToArray();
        corrupt[corrupt.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(dump, corrupt);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original));
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(corrupt));
        foreach (var command in new[] { "restore", "verify" })
        {
            var (exit, refused) = await daemon.RunAsync("db", command, "ad-rs", db);
            Assert.NotEqual(0, exit);
            Assert.Contains($"is corrupt: its SHA-256 is {actual} but {expected} was recorded", refused, StringComparison.Ordinal);
        }

        Assert.Contains("VERIFY FAILED", Line(await daemon.RunOkAsync("db", "backups", "ad-rs"), db), StringComparison.Ordinal);
        Assert.Single(Regex.Matches(await daemon.RunOkAsync("db", "backups", "ad-rs"), "  db  postgres  ")); // no safety backup was taken
        Assert.Equal("4", await GetAsync(daemon, "/write"));
        await File.WriteAllBytesAsync(dump, original);

        // A good backup verifies (by a prefix of its id) and the listing says so.
        var verified = await daemon.RunOkAsync("db", "verify", "ad-rs", db[..21], "--addon", "db");
        Assert.Contains($"db: backup {db} (taken ", verified, StringComparison.Ordinal);
        Assert.Contains("verified: 1 table(s), 2 rows: counts and checksums match the manifest", verified, StringComparison.Ordinal);
        Assert.Contains("  verified ", Line(await daemon.RunOkAsync("db", "backups", "ad-rs"), db), StringComparison.Ordinal);

        // Restore into the live database: exactly the two rows of the backup; a safety backup holds the four of before.
        var restored = await daemon.RunOkAsync("db", "restore", "ad-rs", db);
        var safety = SafetyBackup().Match(restored).Groups[1].Value;
        Assert.Contains($"undo: runway db restore ad-rs {safety}", restored, StringComparison.Ordinal);
        Assert.Contains($"(safety backup before restoring backup {db} (taken ", Line(await daemon.RunOkAsync("db", "backups", "ad-rs"), safety), StringComparison.Ordinal);
        Assert.Equal("3", await GetAsync(daemon, "/write"));

        var restoredCache = await daemon.RunOkAsync("db", "restore", "ad-rs", cache);
        Assert.Contains("1 key(s) in 1 database(s) match the manifest; DEBUG DIGEST matches", restoredCache, StringComparison.Ordinal);
        Assert.Equal("3", await GetAsync(daemon, "/incr"));

        var beside = await daemon.RunOkAsync("db", "restore", "ad-rs", safety, "--to-database", "ad_rs_before");
        var url = BesideUrl().Match(beside).Groups[1].Value;
        Assert.Equal("4", await PsqlAsync(url, "SELECT count(*) FROM hits"));
        Assert.Equal("4", await GetAsync(daemon, "/write")); // the live database was left alone

        // A manifest that was tampered with: verify reports what differs.
        var metadata = Path.Combine(daemon.Home, "backups", "ad-rs", "db", db + ".json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(metadata))!;
        json["manifest"]!["tables"]![0]!["rows"] = 7;
        await File.WriteAllTextAsync(metadata, json.ToJsonString());
        var (tamperedExit, tampered) = await daemon.RunAsync("db", "verify", "ad-rs", db);
        Assert.NotEqual(0, tamperedExit);
        Assert.Contains("table public.hits has 2 rows, the manifest recorded 7", tampered, StringComparison.Ordinal);

        var (unknownExit, unknown) = await daemon.RunAsync("db", "restore", "ad-rs", "nope");
        Assert.NotEqual(0, unknownExit);
        Assert.Contains($"ad-rs has no backup \"nope\"; the newest: ", unknown, StringComparison.Ordinal);
        Assert.Contains("no app named no-such-app", (await daemon.RunAsync("db", "restore", "no-such-app", db)).Output, StringComparison.Ordinal);

        var events = (await daemon.StatusAsync("ad-rs")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("restore", events);
        Assert.Contains("restore-failed", events);
        Assert.Contains("backup-verified", events);
        Assert.Contains("backup-verify-failed", events);
        Assert.DoesNotContain("runway_", await PsqlAsync(url, "SELECT string_agg(datname, ',') FROM pg_database"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_to_a_time_lands_between_two_writes_after_a_safety_backup()
    {
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb") || !File.Exists("/usr/bin/pgbackrest") || !File.Exists("/usr/bin/redis-server"))
        {
            output.WriteLine("skipped: PostgreSQL 15 or pgBackRest is not installed (./test.sh installs them)");
            return;
        }

        using var app = TestApps.WithPostgres("ad-pt");
        var admin = Http.FreePort();
        await using var daemon = await DaemonUnderTest.StartAsync(output, "--admin-port", admin.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deployed = await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Contains("first base backup", deployed, StringComparison.Ordinal);

        // The admin port's /health answers for the app's instances and its add-ons (a real query, a PING).
        var (healthStatus, health) = await Http.GetAsync($"http://127.0.0.1:{admin}/health");
        Assert.True(healthStatus == System.Net.HttpStatusCode.OK, health);
        var report = JsonDocument.Parse(health).RootElement.GetProperty("apps").EnumerateArray().Single();
        Assert.Equal(["db:True", "cache:True"], report.GetProperty("addons").EnumerateArray().Select(a => $"{a.GetProperty("name").GetString()}:{a.GetProperty("healthy").GetBoolean()}"));
        Assert.Equal(["1", "2"], [await GetAsync(daemon, "/write"), await GetAsync(daemon, "/write")]);
        await Task.Delay(1100);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        Assert.Equal("3", await GetAsync(daemon, "/write"));

        var (bothExit, both) = await daemon.RunAsync("db", "restore", "ad-pt");
        Assert.NotEqual(0, bothExit);
        Assert.Contains("give either a backup id or --to-time T", both, StringComparison.Ordinal);
        var (futureExit, future) = await daemon.RunAsync("db", "restore", "ad-pt", "--to-time", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.NotEqual(0, futureExit);
        Assert.Contains("is in the future", future, StringComparison.Ordinal);
        var (earlyExit, early) = await daemon.RunAsync("db", "restore", "ad-pt", "--to-time", "2020-01-01T00:00:00Z");
        Assert.NotEqual(0, earlyExit);
        Assert.Contains("before the earliest recoverable time", early, StringComparison.Ordinal);
        Assert.Equal("4", await GetAsync(daemon, "/write")); // refusals change nothing

        var restored = await daemon.RunOkAsync("db", "restore", "ad-pt", "--to-time", between.ToString("O"));
        Assert.Contains("restored the state of ", restored, StringComparison.Ordinal);
        var safety = SafetyBackup().Match(restored).Groups[1].Value;
        Assert.Equal("3", await GetAsync(daemon, "/write")); // the two rows written before the time, and this one

        var beside = await daemon.RunOkAsync("db", "restore", "ad-pt", safety, "--to-database", "ad_pt_before");
        Assert.Equal("4", await PsqlAsync(BesideUrl().Match(beside).Groups[1].Value, "SELECT count(*) FROM hits")); // the safety backup holds all four
    }

    private static async Task<string> GetAsync(DaemonUnderTest daemon, string path) => (await Http.GetAsync(daemon.Url + path)).Body;

    private static async Task<string> BackupIdAsync(DaemonUnderTest daemon, string addon)
    {
        var lines = (await daemon.RunOkAsync("db", "backups", "ad-rs")).Split('\n');
        return lines.First(l => l.Contains($"  {addon}  ", StringComparison.Ordinal)).Split(' ')[0];
    }

    private static string Line(string listing, string id) => listing.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));

    private static async Task<string> PsqlAsync(string url, string sql)
    {
        using var psql = Process.Start(new ProcessStartInfo("psql", [url, "-qtAc", sql]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var result = await psql.StandardOutput.ReadToEndAsync();
        await psql.WaitForExitAsync();
        Assert.True(psql.ExitCode == 0, await psql.StandardError.ReadToEndAsync());
        return result.Trim();
    }

    [GeneratedRegex("safety backup ([0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}) \\(undo")]
    private static partial Regex SafetyBackup();

    [GeneratedRegex("its URL \\(the app's role and password\\): (postgresql://\\S+)")]
    private static partial Regex BesideUrl();
}
