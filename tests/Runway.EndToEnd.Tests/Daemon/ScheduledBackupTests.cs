using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Runway.Addons.Backups;
using Runway.Addons.Tests.Backups;
using Runway.Build;
using Runway.Runtime;
using Runway.Runtime.Isolation;
using Runway.Server.Api;
using Runway.Server.Daemon;
using Runway.Server.Progress;
using Runway.Server.Tests.Backups;
using Runway.Tests.Shared;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary><c>[addons.NAME.backups]</c> driven by a real daemon in this process, with a real PostgreSQL, Redis and
/// S3-compatible server, on a clock the test moves: nothing waits for a cron time.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScheduledBackupTests(ITestOutputHelper output)
{
    private const string App = "nightly";
    private const string Bucket = "backups";
    private static readonly DateTimeOffset Midnight = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Midnight.AddSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scheduled_backups_are_copied_to_s3_pruned_recorded_and_alert_when_s3_fails()
    {
        if (!File.Exists("/usr/lib/postgresql/15/bin/initdb") || !File.Exists("/usr/bin/redis-server"))
        {
            output.WriteLine("skipped: PostgreSQL 15 or redis-server is not installed (./test.sh installs them)");
            return;
        }

        using var temp = new TempDirectory("runway-schedule-");
        var (s3, problem) = await S3rverServer.StartAsync(temp.Combine("s3"));
        if (s3 is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"s3rver is needed in CI: {problem}");
            output.WriteLine($"skipped: no S3-compatible server ({problem})");
            return;
        }

        await using var s3Server = s3;
        using var bucket = Client(s3.Endpoint);
        await bucket.PutBucketAsync(Bucket);
        await using var webhook = new LoopbackWebhook();
        using var app = NightlyApp(s3.Endpoint, webhook.Url);
        var clock = new ManualClock(Start);
        var slots = new ScheduleDriver(clock, loops: 2, Patience);
        var alerts = new StringWriter();
        var home = temp.Combine("home");
        var progress = new TestOutputProgress(output);
        var daemon = await ScheduleDriver.StartDaemonAsync(home, clock, alerts);
        try
        {
            Assert.True(await daemon.DeployAsync(app.Directory, "production", progress, CancellationToken.None), "the app deploys");
            var store = new BackupStore(Path.Combine(home, "backups"), clock);
            using var dbCopies = new S3BackupTarget(new S3TargetOptions(Bucket, s3.Endpoint, "us-east-1", S3rverServer.AccessKey, S3rverServer.SecretKey));
            using var cacheCopies = new S3BackupTarget(new S3TargetOptions(Bucket, s3.Endpoint, "us-east-1", S3rverServer.AccessKey, S3rverServer.SecretKey, "runway/"));

            // Four hourly slots: each add-on is backed up at each, copied to S3, and pruned (db keeps 2, cache 2 hours).
            var taken = new Dictionary<string, List<BackupMetadata>> { ["db"] = [], ["cache"] = [] };
            for (var hour = 1; hour <= 4; hour++)
            {
                var slot = Midnight.AddHours(hour);
                await slots.RunSlotAsync(slot);
                foreach (var addon in taken.Keys)
                {
                    taken[addon].Add(Assert.Single(store.List(App, addon), b => b.StartedAt == slot));
                }
            }

            var db = taken["db"];
            var cache = taken["cache"];
            Assert.Equal(Ids(db[3], db[2]), Ids([.. store.List(App, "db")]));
            Assert.Equal(Ids(db[3], db[2]), Ids([.. await dbCopies.ListBackupsAsync(App, "db", CancellationToken.None)]));
            Assert.Equal(Ids(cache[3], cache[2], cache[1]), Ids([.. store.List(App, "cache")])); // 2 hours old is kept, 3 is not
            Assert.Equal(Ids(cache[3], cache[2], cache[1]), Ids([.. await cacheCopies.ListBackupsAsync(App, "cache", CancellationToken.None)]));
            Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(store.PathOf(db[3])))[..5]));

            var events = daemon.Context.State.ListEvents(App, limit: 1000);
            Assert.Equal(8, events.Count(e => e.Kind == "backup"));
            Assert.Equal(8, events.Count(e => e.Kind == "backup-uploaded"));
            var pruned = events.Where(e => e.Kind == "backup-pruned").Select(e => e.Message).ToList();
            Assert.Equal(6, pruned.Count); // db: v1 and v2, cache: v1; each locally and in S3
            foreach (var gone in new[] { db[0], db[1], cache[0] })
            {
                Assert.Equal(2, pruned.Count(m => m.Contains(gone.Id, StringComparison.Ordinal)));
            }

            Assert.DoesNotContain(events, e => e.Kind.EndsWith("-failed", StringComparison.Ordinal));
            Assert.Empty(webhook.Drain());

            // The bucket goes away: the local backups are still taken and kept, and every failure is an alert.
            await DeleteBucketAsync(bucket);
            await slots.RunSlotAsync(Midnight.AddHours(5));
            var fifth = Assert.Single(store.List(App, "db"), b => b.StartedAt == Midnight.AddHours(5));
            Assert.True(File.Exists(store.PathOf(fifth)));
            events = daemon.Context.State.ListEvents(App, limit: 1000);
            Assert.Equal(["cache", "db"], events.Where(e => e.Kind == "backup-upload-failed").Select(e => e.Message.Split(' ')[3].Split('/')[1]).Order());
            Assert.Equal(2, events.Count(e => e.Kind == "backup-prune-failed"));
            Assert.Contains($"runway: alert: backup-upload-failed: backup {fifth.Id} of {App}/db was kept locally but could not be copied to s3://{Bucket}", alerts.ToString(), StringComparison.Ordinal);

            var status = (await StatusBuilder.BuildAsync(daemon, App, CancellationToken.None)).Apps.Single();
            var dbStatus = status.Backups.Single(b => b.Addon == "db");
            Assert.Equal(("0 * * * *", Midnight.AddHours(6), Midnight.AddHours(5), 2L), (dbStatus.Schedule, dbStatus.NextRunAt, dbStatus.LastSuccessAt, dbStatus.Failures));
            Assert.Contains("s3://backups", dbStatus.LastFailure!.Message, StringComparison.Ordinal);
            var json = JsonDocument.Parse(JsonSerializer.Serialize(status, ProgressMessage.Json)).RootElement;
            var cacheJson = json.GetProperty("backups").EnumerateArray().Single(b => b.GetProperty("addon").GetString() == "cache");
            Assert.StartsWith("backup-", cacheJson.GetProperty("lastFailure").GetProperty("kind").GetString(), StringComparison.Ordinal);

            using var http = new HttpClient();
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{daemon.Context.Edge.AdminPort}/metrics");
            Assert.Contains($"runway_backup_failures_total{{app=\"{App}\",addon=\"db\"}} 2\n", metrics, StringComparison.Ordinal);
            Assert.Contains($"runway_backup_last_success_timestamp_seconds{{app=\"{App}\",addon=\"cache\"}} {Midnight.AddHours(5).ToUnixTimeSeconds()}\n", metrics, StringComparison.Ordinal);

            var posted = new[] { (await webhook.NextAsync(Patience)).Body, (await webhook.NextAsync(Patience)).Body };
            Assert.Equal(["backup-prune-failed", "backup-upload-failed"], posted.Select(p => p.GetProperty("kind").GetString()).Order());
            Assert.All(posted, p => Assert.Equal((App, "cache", Midnight.AddHours(5)), (p.GetProperty("app").GetString(), p.GetProperty("addon").GetString(), p.GetProperty("time").GetDateTimeOffset())));

            // The bucket is back: the next backup succeeds and the alert leaves the status (the count stays).
            await bucket.PutBucketAsync(Bucket);
            await slots.RunSlotAsync(Midnight.AddHours(6));
            status = (await StatusBuilder.BuildAsync(daemon, App, CancellationToken.None)).Apps.Single();
            Assert.All(status.Backups, b => Assert.Null(b.LastFailure));
            Assert.Equal(2L, status.Backups.Single(b => b.Addon == "db").Failures);

            // Stopped over three slots, then started again: one backup catches up, not three.
            Assert.True(await daemon.StopAsync(App, progress, CancellationToken.None));
            Assert.Equal(0, clock.PendingTimers);
            clock.SetTo(Midnight.AddHours(9).AddMinutes(30));
            var before = daemon.Context.State.ListEvents(App, limit: 1000).Count(e => e.Kind == "backup");
            Assert.True(await daemon.RestartAsync(App, progress, CancellationToken.None));
            await slots.WaitForAsync(() => clock.PendingTimers == 2 && store.List(App, "db")[0].StartedAt == clock.GetUtcNow() && store.List(App, "cache")[0].StartedAt == clock.GetUtcNow());
            Assert.Equal(before + 2, daemon.Context.State.ListEvents(App, limit: 1000).Count(e => e.Kind == "backup"));

            // `runway db backup` goes the same way: copied, and retention keeps 2.
            Assert.True(await daemon.BackupAsync(App, "db", progress, CancellationToken.None));
            Assert.Equal(2, store.List(App, "db").Count);
            Assert.Equal(Ids([.. store.List(App, "db")]), Ids([.. await dbCopies.ListBackupsAsync(App, "db", CancellationToken.None)]));

            // A release that changes the cache's schedule replaces its loop; the db's goes on as it was.
            var toml = Path.Combine(app.Directory, "runway.toml");
            await File.WriteAllTextAsync(toml, (await File.ReadAllTextAsync(toml)).Replace("schedule = \"0 * * * *\"\nretain", "schedule = \"30 * * * *\"\nretain", StringComparison.Ordinal));
            Assert.True(await daemon.DeployAsync(app.Directory, "production", progress, CancellationToken.None));
            status = (await StatusBuilder.BuildAsync(daemon, App, CancellationToken.None)).Apps.Single();
            Assert.Equal(("30 * * * *", Midnight.AddHours(10).AddMinutes(30)), (status.Backups.Single(b => b.Addon == "cache").Schedule, status.Backups.Single(b => b.Addon == "cache").NextRunAt));
            await slots.RunSlotAsync(Midnight.AddHours(10));
            Assert.Equal((Midnight.AddHours(10), Midnight.AddHours(9).AddMinutes(30)), (store.List(App, "db")[0].StartedAt, store.List(App, "cache")[0].StartedAt));
            await slots.RunSlotAsync(Midnight.AddHours(10).AddMinutes(30));
            Assert.Equal((Midnight.AddHours(10), Midnight.AddHours(10).AddMinutes(30)), (store.List(App, "db")[0].StartedAt, store.List(App, "cache")[0].StartedAt));
        }
        finally
        {
            await daemon.DisposeAsync();
            output.WriteLine(alerts.ToString());
        }

        Assert.Equal(0, clock.PendingTimers); // every schedule stopped with the daemon
        Assert.Empty(LeftoverProcesses.Find(home));
    }

    private static string[] Ids(params BackupMetadata[] backups) => [.. backups.Select(b => b.Id)];

    private static AmazonS3Client Client(string endpoint) => new(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey), new AmazonS3Config
    {
        ServiceURL = endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private static async Task DeleteBucketAsync(AmazonS3Client client)
    {
        var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        foreach (var item in objects.S3Objects ?? [])
        {
            await client.DeleteObjectAsync(Bucket, item.Key);
        }

        await client.DeleteBucketAsync(Bucket);
    }

    /// <summary>A Node web service with a PostgreSQL add-on (hourly, 2 kept, copied to the bucket) and a Redis add-on
    /// (hourly, 2 hours kept, copied under a prefix, alerts to a webhook); the S3 credentials are app variables.</summary>
    private static TempApp NightlyApp(string endpoint, string webhook) => new(
        ("package.json", $$"""{ "name": "{{App}}", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }"""),
        ("package-lock.json", $$"""{ "name": "{{App}}", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "{{App}}", "version": "1.0.0" } } }"""),
        ("server.js", """require("http").createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");"""),
        ("runway.toml", $$"""
            name = "{{App}}"
            [variables]
            AWS_ACCESS_KEY_ID = "{{S3rverServer.AccessKey}}"
            AWS_SECRET_ACCESS_KEY = "{{S3rverServer.SecretKey}}"
            [services.web]
            startCommand = "node server.js"
            healthcheckPath = "/"
            [addons.db]
            type = "postgres"
            [addons.db.backups]
            schedule = "0 * * * *"
            keep = 2
            s3 = { bucket = "{{Bucket}}", endpoint = "{{endpoint}}" }
            [addons.cache]
            type = "redis"
            [addons.cache.backups]
            schedule = "0 * * * *"
            retain = "2h"
            alert_webhook = "{{webhook}}"
            [addons.cache.backups.s3]
            bucket = "{{Bucket}}"
            endpoint = "{{endpoint}}"
            prefix = "runway/"
            """));
}
