namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>`[addons.NAME]` in runway.toml: a real PostgreSQL database per app, its URL in every service, data kept across releases.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AddonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_and_redis_add_ons_are_provisioned_injected_and_outlive_releases()
    {
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb"))
        {
            output.WriteLine("skipped: PostgreSQL 15 is not installed (./test.sh installs it)");
            return;
        }

        using var app = TestApps.WithPostgres("ad-pg");
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        var deploy = await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Contains("add-on db: database ad_pg_production", deploy, StringComparison.Ordinal);
        Assert.Contains("add-on cache: redis on 127.0.0.1:", deploy, StringComparison.Ordinal);
        Assert.Equal("1", (await Http.GetAsync(daemon.Url + "/incr")).Body);
        Assert.Equal("2", (await Http.GetAsync(daemon.Url + "/incr")).Body);

        Assert.Equal("postgresql:/ad_pg_production", (await Http.GetAsync(daemon.Url + "/url")).Body);
        Assert.Equal("1", (await Http.GetAsync(daemon.Url + "/write")).Body);
        Assert.Equal("2", (await Http.GetAsync(daemon.Url + "/write")).Body);
        var status = await daemon.StatusAsync("ad-pg");
        var addons = status.GetProperty("addons").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("healthy").GetBoolean()));
        Assert.Equal([("db", true), ("cache", true)], addons);

        var backup = await daemon.RunOkAsync("db", "backup", "ad-pg");
        Assert.Matches("backed up db: \\S+ \\([0-9]+ bytes, .* sha256 [0-9a-f]{64}\\)", backup);
        Assert.Contains("backed up cache: ", backup, StringComparison.Ordinal);
        var listed = (await daemon.RunOkAsync("db", "backups", "ad-pg")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(listed, l => l.Contains("  db  postgres  v1  ", StringComparison.Ordinal));
        Assert.Contains(listed, l => l.Contains("  cache  redis  v1  ", StringComparison.Ordinal));
        var dump = Directory.EnumerateFiles(Path.Combine(daemon.Home, "backups", "ad-pg", "db")).Single(f => f.EndsWith(".dump", StringComparison.Ordinal));
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(dump))[..5])); // pg_dump's custom format

        await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Equal("3", (await Http.GetAsync(daemon.Url + "/write")).Body);
        Assert.Equal("3", (await Http.GetAsync(daemon.Url + "/incr")).Body); // the same Redis server serves the new release
        var addonList = await daemon.RunOkAsync("addons", "ad-pg");
        Assert.Matches("REDIS_URL=redis://default:\\*\\*\\*\\*@127\\.0\\.0\\.1:[0-9]+", addonList);
        Assert.Matches("DATABASE_URL=postgresql://ad_pg_production:\\*\\*\\*\\*@127\\.0\\.0\\.1:[0-9]+/ad_pg_production", addonList);
        Assert.DoesNotContain(await File.ReadAllTextAsync(Path.Combine(daemon.Home, "state.db")), "DATABASE_URL", StringComparison.Ordinal);

        await daemon.Process.StopCleanlyAsync(Signals.Terminate, TimeSpan.FromSeconds(60));
        Assert.False(File.Exists(Path.Combine(daemon.Home, "addons", "postgres", "data", "postmaster.pid")), "the cluster stops with the daemon");
        Assert.Empty(LeftoverProcesses.Find(daemon.Home));
    }
}
