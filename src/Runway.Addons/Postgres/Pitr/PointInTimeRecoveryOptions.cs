namespace Runway.Addons.Postgres.Pitr;

/// <summary>
/// WAL archiving and base backups of a cluster with pgBackRest, for point-in-time recovery. Everything pgBackRest writes
/// lives under <paramref name="Directory"/> (owned by the cluster's system user, mode 0700): <c>pgbackrest.conf</c>,
/// the repository (<c>repo/</c>), its lock, log and spool directories, and the scratch clusters of recoveries.
/// </summary>
/// <param name="Directory">pgBackRest's directory; <see cref="Beside"/> gives the usual one next to the data directory.</param>
public sealed record PointInTimeRecoveryOptions(string Directory)
{
    /// <summary>pgBackRest's executable (Debian's <c>pgbackrest</c> package).</summary>
    public string Program { get; init; } = "/usr/bin/pgbackrest";

    /// <summary>
    /// The repository of base backups and archived WAL. Default: <c>repo/</c> inside <see cref="Directory"/>: it must belong to
    /// the cluster's user, and it is one archive for the whole cluster, not a backup of one app.
    /// </summary>
    public string? RepositoryDirectory { get; init; }

    /// <summary>
    /// The recovery window in days (pgBackRest's repo1-retention-full-type=time): full backups older than this are expired once a
    /// newer one is at least this old, and WAL older than the oldest kept backup goes with them.
    /// </summary>
    public int RetentionDays { get; init; } = 7;

    /// <summary>archive_timeout: an idle cluster still hands over a WAL segment this often, so a recovery never waits on older writes.</summary>
    public TimeSpan ArchiveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a check or backup waits for a WAL segment to reach the repository before calling archiving broken.</summary>
    public TimeSpan ArchiveWaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// pgBackRest's archive-push-queue-max: past this much unarchived WAL, segments are dropped (breaking the recovery window
    /// until the next base backup) rather than filling the disk under every app's database.
    /// </summary>
    public long ArchiveQueueMaxBytes { get; init; } = 4L << 30;

    /// <summary>How long a scratch cluster may take to replay WAL up to the target time before a recovery gives up.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The usual place: <c>pgbackrest/</c> beside the cluster's data directory (<c>$RUNWAY_HOME/addons/postgres/pgbackrest</c>).</summary>
    public static PointInTimeRecoveryOptions Beside(string dataDirectory) =>
        new(Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)))!, "pgbackrest"));
}
