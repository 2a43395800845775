using System.Globalization;
using Npgsql;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>A database as it was at a target time, written as a <c>pg_dump -Fc</c> archive.</summary>
/// <param name="Database">The database dumped.</param>
/// <param name="Target">The time it was recovered to: every transaction committed up to then, none after.</param>
/// <param name="FromBackup">The base backup the recovery started from before replaying archived WAL.</param>
public sealed record PointInTimeDump(string Database, DateTimeOffset Target, BaseBackup FromBackup);

/// <summary>
/// Point-in-time recovery of a <see cref="PostgresCluster"/> with pgBackRest: WAL archiving (set up when the cluster starts),
/// base backups with time-based retention, and the dump of one database as it was at a given time, recovered in a scratch
/// cluster so the other apps sharing the live cluster are never rolled back.
/// </summary>
public sealed class PostgresPointInTimeRecovery
{
    private readonly PgBackRest _pgBackRest;
    private readonly PostgresCommand _command;
    private readonly PostgresClusterOptions _cluster;
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _openSuperuser;

    internal PostgresPointInTimeRecovery(
        PgBackRest pgBackRest, PostgresCommand command, PostgresClusterOptions cluster, Func<CancellationToken, Task<NpgsqlConnection>> openSuperuser, string? problem)
    {
        _pgBackRest = pgBackRest;
        _command = command;
        _cluster = cluster;
        _openSuperuser = openSuperuser;
        Problem = problem;
    }

    /// <summary>Whether the running server archives its WAL into the repository; when not, <see cref="Problem"/> says why.</summary>
    public bool ArchivingActive => Problem is null;

    /// <summary>Why WAL archiving is not active (adopted without it, or the repository could not be set up); null when it is.</summary>
    public string? Problem { get; }

    /// <summary>pgBackRest's directory: its config, the repository and the scratch clusters of recoveries.</summary>
    public string Directory => _pgBackRest.Options.Directory;

    /// <summary>
    /// Takes a base backup now (immediate checkpoint); old backups and WAL are then expired by the retention window. A differential
    /// or incremental backup without a full one before it is taken as a full one. Two at once: the second fails on pgBackRest's lock.
    /// </summary>
    public async Task<BaseBackup> TakeBaseBackupAsync(BaseBackupKind kind, CancellationToken ct)
    {
        ThrowIfInactive();
        var before = (await _pgBackRest.ListBackupsAsync(ct)).Select(b => b.Label).ToHashSet(StringComparer.Ordinal);
        var result = await _pgBackRest.BackupAsync(kind, ct);
        if (result.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.BackupFailed, _pgBackRest.Describe(result, "taking a base backup of the PostgreSQL cluster"));
        }

        return (await _pgBackRest.ListBackupsAsync(ct)).LastOrDefault(b => !before.Contains(b.Label))
            ?? throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.BackupFailed, "pgBackRest reported success but lists no new base backup.");
    }

    /// <summary>Removes backups and WAL outside the retention window (pgBackRest does this after every backup as well).</summary>
    public async Task ExpireAsync(CancellationToken ct)
    {
        ThrowIfInactive();
        var result = await _pgBackRest.ExpireAsync(ct);
        if (result.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.BackupFailed, _pgBackRest.Describe(result, "expiring old base backups and WAL"));
        }
    }

    /// <summary>The base backups and the earliest time that can be recovered (null without a backup).</summary>
    public async Task<RecoveryWindow> GetRecoveryWindowAsync(CancellationToken ct)
    {
        var backups = await _pgBackRest.ListBackupsAsync(ct);
        return new RecoveryWindow(backups.Count == 0 ? null : backups.Min(b => b.RecoverableFrom), backups);
    }

    /// <summary>Forces a WAL switch and waits until the segment is archived; throws <see cref="PointInTimeRecoveryException"/> with pgBackRest's words when it is not.</summary>
    public async Task CheckArchivingAsync(CancellationToken ct)
    {
        ThrowIfInactive();
        var result = await _pgBackRest.CheckAsync(ct);
        if (result.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.ArchivingBroken,
                _pgBackRest.Describe(result, "checking that the cluster's WAL reaches the pgBackRest repository") + "\nThe server log says more about failed archive-push runs.");
        }
    }

    /// <summary>
    /// Writes <paramref name="database"/> as it was at <paramref name="target"/> to <paramref name="output"/> (<c>pg_dump -Fc</c>),
    /// recovered in a scratch cluster from the newest base backup before the target plus archived WAL; the live cluster is not
    /// touched beyond a WAL switch. The scratch cluster is stopped and deleted whatever happens.
    /// </summary>
    public async Task<PointInTimeDump> DumpDatabaseAtAsync(string database, DateTimeOffset target, Stream output, CancellationToken ct)
    {
        ThrowIfInactive();
        var now = await CommitMarkerAsync(ct);
        if (target > now)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.TargetInFuture, $"the recovery time {Format(target)} is in the future: the database server's clock says {Format(now)}; choose a time before now.");
        }

        var backups = await _pgBackRest.ListBackupsAsync(ct);
        if (backups.Count == 0)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.NoBaseBackup, "there is no base backup of the PostgreSQL cluster yet, so no point in time can be recovered; take a base backup first.");
        }

        var from = backups.LastOrDefault(b => b.RecoverableFrom <= target);
        if (from is null)
        {
            var earliest = backups.Min(b => b.RecoverableFrom);
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.TargetBeforeEarliest,
                $"the recovery time {Format(target)} is before the earliest recoverable time {Format(earliest)} (the end of the oldest kept base backup); choose a time from then on.")
            {
                EarliestRecoverable = earliest,
            };
        }

        // Replay stops at the first commit after the target, so one must be archived: the marker committed above, pushed by check.
        await CheckArchivingAsync(ct);
        await using var scratch = await ScratchCluster.CreateAsync(_pgBackRest, _command, _cluster, ct);
        await scratch.RestoreAsync(from.Label, target, database, ct);
        await scratch.StartAsync(ct);
        if (!await scratch.HasDatabaseAsync(database, ct))
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.DatabaseMissing, $"the database '{database}' did not exist at {Format(target)}.");
        }

        await scratch.DumpAsync(database, output, ct);
        return new PointInTimeDump(database, target, from);
    }

    /// <summary>A tiny transaction that takes a transaction id, so its commit record lands after any target up to now; returns the server's clock.</summary>
    private async Task<DateTimeOffset> CommitMarkerAsync(CancellationToken ct)
    {
        await using var connection = await _openSuperuser(ct);
        await using var marker = new NpgsqlCommand("SELECT txid_current(), clock_timestamp()", connection);
        await using var reader = await marker.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero);
    }

    private void ThrowIfInactive()
    {
        if (Problem is not null)
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.ArchivingInactive, "point-in-time recovery is not available: " + Problem);
        }
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
