using System.Globalization;
using Runway.Addons.Backups;
using Runway.Addons.Postgres.Pitr;
using Runway.Model;

namespace Runway.Server.Backups;

/// <summary>The PostgreSQL cluster's base backups for point-in-time recovery: one each day at 02:30 UTC (a full one when the
/// newest full is a week old, a differential otherwise), so that recovering to any time in the retention window replays at
/// most a day of WAL. pgBackRest expires old backups and WAL after each one. A failure is an alert line, never silent.</summary>
internal sealed class BaseBackupLoop : IAsyncDisposable
{
    private const string Daily = "30 2 * * *";
    private static readonly TimeSpan FullEvery = TimeSpan.FromDays(7);
    private readonly CancellationTokenSource _stop = new();
    private readonly PostgresPointInTimeRecovery _recovery;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly Task _loop;

    private BaseBackupLoop(PostgresPointInTimeRecovery recovery, TimeProvider time, TextWriter log)
    {
        _recovery = recovery;
        _time = time;
        _log = log;
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Starts the loop when the cluster runs with WAL archiving; null otherwise (try again later).</summary>
    public static BaseBackupLoop? StartIfArchiving(PostgresPointInTimeRecovery? recovery, TimeProvider time, TextWriter log) =>
        recovery is { ArchivingActive: true } ? new BaseBackupLoop(recovery, time, log) : null;

    private async Task RunAsync(CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            var window = await _recovery.GetRecoveryWindowAsync(stop);
            var newest = window.Backups.Count == 0 ? (DateTimeOffset?)null : window.Backups.Max(b => b.StartedAt);
            if (!CronSchedule.TryParse(Daily, out var cron, out var problem))
            {
                throw new InvalidOperationException($"the base backup schedule \"{Daily}\" {problem}");
            }

            await new BackupSchedule(cron, _time, newest).RunAsync(TakeAsync, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (PointInTimeRecoveryException e)
        {
            _log.WriteLine($"runway: alert: base backups for point-in-time recovery stopped: {e.Message}");
        }
    }

    private async Task TakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var window = await _recovery.GetRecoveryWindowAsync(cancellationToken);
            var newestFull = window.Backups.Where(b => b.Kind == BaseBackupKind.Full).Select(b => (DateTimeOffset?)b.StartedAt).Max();
            var kind = newestFull is { } full && _time.GetUtcNow() - full < FullEvery ? BaseBackupKind.Differential : BaseBackupKind.Full;
            var backup = await _recovery.TakeBaseBackupAsync(kind, cancellationToken);
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"runway: base backup {backup.Label} ({kind.ToString().ToLowerInvariant()}, {backup.RepositoryBytes} bytes): point-in-time recovery reaches back to {window.Earliest ?? backup.RecoverableFrom:u}"));
        }
        catch (PointInTimeRecoveryException e)
        {
            _log.WriteLine($"runway: alert: base backup for point-in-time recovery failed: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
