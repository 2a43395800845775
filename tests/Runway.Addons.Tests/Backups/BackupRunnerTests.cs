using Runway.Addons.Backups;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Backups;

/// <summary>A backup from start to end with the local store: every outcome is reported, failures as alerts.</summary>
public sealed class BackupRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new("runway-backups-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 4, 1, 3, 0, 0, TimeSpan.Zero));
    private readonly List<BackupEvent> _events = [];
    private readonly BackupStore _store;

    public BackupRunnerTests() => _store = new BackupStore(_temp.Combine("backups"), _clock);

    public void Dispose() => _temp.Dispose();

    private BackupRunner Runner(RetentionPolicy retention) => new(_store, null, retention, _clock, _events.Add);

    [Fact]
    public async Task A_successful_backup_is_reported_with_its_size_and_checksum()
    {
        var backup = await Runner(RetentionPolicy.KeepAll).RunAsync("shop", "db", "postgres", 9, compress: true,
            BackupStoreTests.Writes(BackupStoreTests.SampleDump(10_000)), CancellationToken.None);

        Assert.NotNull(backup);
        var created = Assert.Single(_events);
        Assert.Equal((BackupEventKind.Created, "shop", "db", false, backup), (created.Kind, created.App, created.Addon, created.IsAlert, created.Backup));
        Assert.Contains(backup.Sha256, created.Message, StringComparison.Ordinal);
        Assert.Contains(backup.Id, created.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_backup_is_an_alert_naming_the_cause_and_keeps_nothing()
    {
        var existing = await _store.CreateAsync("shop", "db", "postgres", 1, BackupStoreTests.Writes([1, 2, 3]), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(100));

        var backup = await Runner(new RetentionPolicy(TimeSpan.FromDays(1), 1)).RunAsync("shop", "db", "postgres", 2, compress: true,
            (_, _) => throw new IOException("pg_dump: error: connection to server on socket failed"), CancellationToken.None);

        Assert.Null(backup);
        var failed = Assert.Single(_events);
        Assert.Equal((BackupEventKind.Failed, true), (failed.Kind, failed.IsAlert));
        Assert.Equal("backup of shop/db failed: pg_dump: error: connection to server on socket failed", failed.Message);
        Assert.Equal([existing], _store.List("shop")); // no retention after a failure: the old backup is all there is
    }

    [Fact]
    public async Task A_cancelled_backup_is_reported_and_the_cancellation_propagates()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner(RetentionPolicy.KeepAll).RunAsync("shop", "cache", "redis", null, compress: true,
            BackupStoreTests.Writes([1]), cancel.Token));

        var failed = Assert.Single(_events);
        Assert.Equal(BackupEventKind.Failed, failed.Kind);
        Assert.Contains("cancelled", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_runs_after_each_successful_backup_and_is_reported()
    {
        var runner = Runner(new RetentionPolicy(null, 2));
        var taken = new List<BackupMetadata>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add((await runner.RunAsync("shop", "db", "postgres", i, compress: true, BackupStoreTests.Writes([(byte)i]), CancellationToken.None))!);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([taken[3], taken[2]], _store.List("shop", "db"));
        var pruned = _events.Where(e => e.Kind == BackupEventKind.Pruned).ToList();
        Assert.Equal([taken[0], taken[1]], pruned.Select(e => e.Backup));
        Assert.All(pruned, e => Assert.Contains("more than 2 kept", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(_events, e => e.IsAlert);
    }
}
