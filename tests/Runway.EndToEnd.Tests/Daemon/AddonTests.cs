namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>`[addons.NAME]` in runway.toml: a real PostgreSQL database per app, its URL in every service, data kept across releases.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AddonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_postgres_add_on_is_provisioned_injected_as_database_url_and_outlives_releases()
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

        Assert.Equal("postgresql:/ad_pg_production", (await Http.GetAsync(daemon.Url + "/url")).Body);
        Assert.Equal("1", (await Http.GetAsync(daemon.Url + "/write")).Body);
        Assert.Equal("2", (await Http.GetAsync(daemon.Url + "/write")).Body);
        var status = await daemon.StatusAsync("ad-pg");
        var addon = Assert.Single(status.GetProperty("addons").EnumerateArray());
        Assert.Equal(("db", true), (addon.GetProperty("name").GetString(), addon.GetProperty("healthy").GetBoolean()));

        await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Equal("3", (await Http.GetAsync(daemon.Url + "/write")).Body);
        Assert.DoesNotContain(await File.ReadAllTextAsync(Path.Combine(daemon.Home, "state.db")), "DATABASE_URL", StringComparison.Ordinal);

        await daemon.Process.StopCleanlyAsync(Signals.Terminate, TimeSpan.FromSeconds(60));
        Assert.False(File.Exists(Path.Combine(daemon.Home, "addons", "postgres", "data", "postmaster.pid")), "the cluster stops with the daemon");
    }
}
