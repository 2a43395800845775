namespace Runway.Addons.Postgres.Pitr;

/// <summary>pgBackRest's backup types: a full copy, or only what changed since the last full (differential) or the last backup of any type (incremental).</summary>
public enum BaseBackupKind
{
    Full,
    Differential,
    Incremental,
}

/// <summary>One base backup in the repository.</summary>
/// <param name="Label">pgBackRest's label (e.g. <c>20250101-120000F</c>), the --set of a restore.</param>
/// <param name="StartedAt">When the backup started (pgBackRest records whole seconds).</param>
/// <param name="FinishedAt">When it finished: the cluster can be recovered to any time after this.</param>
/// <param name="DatabaseBytes">The size of the cluster it copied.</param>
/// <param name="RepositoryBytes">What it takes in the repository (compressed; for a differential or incremental only the changes).</param>
public sealed record BaseBackup(string Label, BaseBackupKind Kind, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long DatabaseBytes, long RepositoryBytes)
{
    /// <summary>
    /// The first time this backup can recover to: its finish rounded up to the next whole second, since the real end of the
    /// backup lies somewhere inside the recorded second and a target before it is refused by PostgreSQL.
    /// </summary>
    public DateTimeOffset RecoverableFrom => FinishedAt.AddSeconds(1);
}

/// <summary>What can be recovered: every time from <see cref="Earliest"/> up to now, from the backups listed oldest first.</summary>
public sealed record RecoveryWindow(DateTimeOffset? Earliest, IReadOnlyList<BaseBackup> Backups);
