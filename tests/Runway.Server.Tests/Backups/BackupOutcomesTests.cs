using Runway.Addons.Backups;
using Runway.Server.Api;
using Runway.Server.Backups;
using Runway.Server.Logs;
using Runway.State;
using Runway.Tests.Shared;

namespace Runway.Server.Tests.Backups;

public sealed class BackupOutcomesTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _home = new("runway-outcomes-");
    private readonly StringWriter _alerts = new();
    private StateStore _state = null!;
    private AppLog _log = null!;
    private BackupWebhook _webhook = null!;
    private BackupOutcomes _outcomes = null!;

    public Task InitializeAsync()
    {
        var time = new ManualClock(Now);
        _state = StateStore.Open(_home.Combine("state.db"), time);
        _state.SaveApp(new AppRecord("shop", _home.Path, "production", AppDesiredState.Running, 1, null));
        _log = new AppLog(_home.Combine("logs", "shop.log"));
        _webhook = new BackupWebhook(_alerts, TimeSpan.FromSeconds(5));
        _outcomes = new BackupOutcomes(_state, time, _alerts, _webhook);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _webhook.DisposeAsync();

    public void Dispose()
    {
        _log.Dispose();
        _state.Dispose();
        _alerts.Dispose();
        _home.Dispose();
    }

    private static BackupMetadata Backup(string id, DateTimeOffset at) => new(id, "shop", "db", "postgres", at, TimeSpan.FromSeconds(1), 10, new string('a', 64), 1, id + ".dump");

    [Fact]
    public void Every_outcome_is_an_event_and_a_failure_stays_shown_until_a_later_backup_succeeds()
    {
        var first = Backup("20300101T010000000Z-aaaaaa", Now.AddHours(-2));
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Created, "backup 1 taken", first), _log, null);
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Uploaded, "backup 1 copied", first), _log, null);
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Failed, "backup of shop/db failed: pg_dump exited with code 1"), _log, null);
        _outcomes.Record(new BackupEvent("shop", "cache", BackupEventKind.Pruned, "backup 0 deleted by retention"), _log, null);

        var kinds = _state.ListEvents("shop").Select(e => (e.Kind, e.Message)).ToList();
        Assert.Equal(
        [
            ("backup", "backup 1 taken"),
            ("backup-uploaded", "backup 1 copied"),
            ("backup-failed", "backup of shop/db failed: pg_dump exited with code 1"),
            ("backup-pruned", "backup 0 deleted by retention"),
        ], kinds);
        var db = _outcomes.Snapshot("shop").Single(s => s.Addon == "db");
        Assert.Equal((first.StartedAt, 1L, new BackupFailure(Now, "backup-failed", "backup of shop/db failed: pg_dump exited with code 1")),
            (db.LastSuccessAt!.Value, db.Failures, db.LastFailure));
        Assert.Equal("runway: alert: backup-failed: backup of shop/db failed: pg_dump exited with code 1" + Environment.NewLine, _alerts.ToString());
        Assert.Contains(_log.Tail(10), l => l is { Source: "runway", Text: "alert: backup-failed: backup of shop/db failed: pg_dump exited with code 1" });

        var second = Backup("20300101T030000000Z-bbbbbb", Now);
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Created, "backup 2 taken", second), _log, null);

        db = _outcomes.Snapshot("shop").Single(s => s.Addon == "db");
        Assert.Equal((Now, 1L, (BackupFailure?)null), (db.LastSuccessAt!.Value, db.Failures, db.LastFailure));
    }

    [Fact]
    public void An_outcome_for_an_app_destroyed_meanwhile_goes_to_the_log_only()
    {
        _outcomes.Record(new BackupEvent("gone", "db", BackupEventKind.Failed, "backup of gone/db was cancelled before it finished; nothing was kept"), null, null);

        Assert.Contains("runway: backup-failed gone/db (app no longer known): backup of gone/db was cancelled", _alerts.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_give_each_add_on_its_last_success_and_failure_count()
    {
        _outcomes.Seed("shop", "db", Now.AddHours(-1));
        _outcomes.Record(new BackupEvent("shop", "cache", BackupEventKind.UploadFailed, "not copied"), null, null);
        _outcomes.Record(new BackupEvent("shop", "cache", BackupEventKind.PruneFailed, "not pruned"), null, null);

        var text = BackupMetricsExporter.Render(_outcomes.Snapshot());

        Assert.Contains($"runway_backup_last_success_timestamp_seconds{{app=\"shop\",addon=\"db\"}} {Now.AddHours(-1).ToUnixTimeSeconds()}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("runway_backup_last_success_timestamp_seconds{app=\"shop\",addon=\"cache\"}", text, StringComparison.Ordinal);
        Assert.Contains("runway_backup_failures_total{app=\"shop\",addon=\"db\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("runway_backup_failures_total{app=\"shop\",addon=\"cache\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE runway_backup_failures_total counter\n", text, StringComparison.Ordinal);

        _outcomes.Forget("shop");
        Assert.Empty(_outcomes.Snapshot());
    }

    [Fact]
    public async Task An_alert_is_posted_to_the_webhook_as_json()
    {
        await using var receiver = new LoopbackWebhook();

        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.UploadFailed, "backup 1 of shop/db was kept locally but could not be copied"), null, receiver.Url);
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Uploaded, "backup 2 copied"), null, receiver.Url); // not an alert: not posted

        var (requestLine, body) = await receiver.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("POST /hooks/runway?token=s3cret-token HTTP/1.1", requestLine);
        Assert.Equal("shop", body.GetProperty("app").GetString());
        Assert.Equal("db", body.GetProperty("addon").GetString());
        Assert.Equal("backup-upload-failed", body.GetProperty("kind").GetString());
        Assert.Equal("backup 1 of shop/db was kept locally but could not be copied", body.GetProperty("message").GetString());
        Assert.Equal(Now, body.GetProperty("time").GetDateTimeOffset());
        await _webhook.DisposeAsync(); // waits for posts in flight
        Assert.Empty(receiver.Drain());
    }

    [Fact]
    public async Task A_failing_webhook_is_logged_without_its_token_and_stops_nothing()
    {
        string refusingAt;
        await using (var refusing = new LoopbackWebhook(status: 500))
        {
            refusingAt = new Uri(refusing.Url).GetLeftPart(UriPartial.Authority);
            _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Failed, "first"), null, refusing.Url);
            await refusing.NextAsync(TimeSpan.FromSeconds(10));
            await WaitForAsync(() => _alerts.ToString().Contains("answered 500", StringComparison.Ordinal));
        }

        var closed = new LoopbackWebhook();
        var url = closed.Url;
        await closed.DisposeAsync(); // nothing listens there any more
        _outcomes.Record(new BackupEvent("shop", "db", BackupEventKind.Failed, "second"), null, url);
        await _webhook.DisposeAsync();

        var log = _alerts.ToString();
        Assert.Contains($"runway: alert webhook {refusingAt} for shop/db answered 500", log, StringComparison.Ordinal);
        Assert.Contains($"runway: alert webhook {new Uri(url).GetLeftPart(UriPartial.Authority)} for shop/db failed: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", log, StringComparison.Ordinal);
        Assert.Equal(2, _state.ListEvents("shop").Count(e => e.Kind == "backup-failed"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

}
