using System.Text.Json.Nodes;
using Runway.Addons.Backups;
using Runway.Addons.Tests.Backups;
using Runway.Build;
using Runway.Runtime;
using Runway.Runtime.Isolation;
using Runway.Server.Daemon;
using Runway.Server.Progress;
using Runway.Tests.Shared;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>The <c>verify</c> schedule of <c>[addons.NAME.backups]</c> in a real daemon in this process, on a clock the test
/// moves: the newest backup is restored into a scratch database and compared with its manifest at each slot; a mismatch is an alert.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScheduledVerificationTests(ITestOutputHelper output)
{
    private const string App = "checked";
    private static readonly DateTimeOffset Midnight = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_newest_backup_is_verified_on_schedule_and_a_mismatch_is_an_alert()
    {
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb"))
        {
            output.WriteLine("skipped: PostgreSQL 15 is not installed (./test.sh installs it)");
            return;
        }

        using var temp = new TempDirectory("runway-verify-");
        using var app = new TempApp(
            ("package.json", $$"""{ "name": "{{App}}", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }"""),
            ("package-lock.json", $$"""{ "name": "{{App}}", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "{{App}}", "version": "1.0.0" } } }"""),
            ("server.js", """require("http").createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");"""),
            ("runway.toml", $$"""
                name = "{{App}}"
                [services.web]
                startCommand = "node server.js"
                healthcheckPath = "/"
                [addons.db]
                type = "postgres"
                [addons.db.backups]
                schedule = "0 * * * *"
                verify = "30 * * * *"
                """));
        var clock = new ManualClock(Midnight.AddSeconds(30));
        var slots = new ScheduleDriver(clock, loops: 2, Patience);
        var alerts = new StringWriter();
        var home = temp.Combine("home");
        var daemon = await ScheduleDriver.StartDaemonAsync(home, clock, alerts);
        try
        {
            Assert.True(await daemon.DeployAsync(app.Directory, "production", new TestOutputProgress(output), CancellationToken.None), "the app deploys");
            var store = new BackupStore(Path.Combine(home, "backups"), clock);

            await slots.RunSlotAsync(Midnight.AddHours(1)); // backup
            await slots.RunSlotAsync(Midnight.AddHours(1).AddMinutes(30)); // verify
            var first = Assert.Single(store.List(App, "db"));
            Assert.True(first.LastVerification is { Passed: true }, first.LastVerification?.Detail ?? "not verified");
            Assert.Contains(daemon.Context.State.ListEvents(App, limit: 100), e => e.Kind == "backup-verified" && e.Message.Contains(first.Id, StringComparison.Ordinal));

            // The next backup's manifest is tampered with: its scheduled verification fails, and that is an alert.
            await slots.RunSlotAsync(Midnight.AddHours(2));
            var second = store.List(App, "db")[0];
            var metadata = Path.Combine(home, "backups", App, "db", second.Id + ".json");
            var json = JsonNode.Parse(await File.ReadAllTextAsync(metadata))!;
            json["manifest"]!["tables"] = new JsonArray(new JsonObject { ["name"] = "public.ghost", ["rows"] = 1, ["checksum"] = "0" });
            await File.WriteAllTextAsync(metadata, json.ToJsonString());
            await slots.RunSlotAsync(Midnight.AddHours(2).AddMinutes(30));

            Assert.True(store.List(App, "db")[0].LastVerification is { Passed: false });
            Assert.Contains(daemon.Context.State.ListEvents(App, limit: 100), e => e.Kind == "backup-verify-failed" && e.Message.Contains(second.Id, StringComparison.Ordinal));
            var report = Assert.Single(daemon.Backups.Report(App));
            Assert.Equal("backup-verify-failed", report.LastFailure?.Kind);
            Assert.Contains("alert: backup-verify-failed", alerts.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await daemon.DisposeAsync();
            output.WriteLine(alerts.ToString());
        }

        Assert.Equal(0, clock.PendingTimers);
        Assert.Empty(LeftoverProcesses.Find(home));
    }
}
