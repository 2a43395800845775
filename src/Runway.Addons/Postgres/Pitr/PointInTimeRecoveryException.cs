namespace Runway.Addons.Postgres.Pitr;

/// <summary>Why a point-in-time recovery or a base backup could not be made.</summary>
public enum PointInTimeRecoveryFailure
{
    /// <summary>The cluster does not archive WAL (not configured, not yet restarted with it, or its stanza could not be set up).</summary>
    ArchivingInactive,

    /// <summary>WAL does not reach the repository; the message carries what pgBackRest said.</summary>
    ArchivingBroken,

    /// <summary>There is no base backup yet to recover from.</summary>
    NoBaseBackup,

    /// <summary>The target time is later than the server's clock.</summary>
    TargetInFuture,

    /// <summary>The target time is before the earliest recoverable time (<see cref="PointInTimeRecoveryException.EarliestRecoverable"/>).</summary>
    TargetBeforeEarliest,

    /// <summary>The database did not exist at the target time.</summary>
    DatabaseMissing,

    /// <summary>pgBackRest's restore or PostgreSQL's replay failed; the message carries their output.</summary>
    RecoveryFailed,

    /// <summary>pgBackRest's backup or expire failed; the message carries its output.</summary>
    BackupFailed,
}

/// <summary>A point-in-time recovery or base backup failed for <see cref="Reason"/>; the message says what and what would fix it.</summary>
public sealed class PointInTimeRecoveryException(PointInTimeRecoveryFailure reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public PointInTimeRecoveryFailure Reason { get; } = reason;

    /// <summary>For <see cref="PointInTimeRecoveryFailure.TargetBeforeEarliest"/>: the earliest time that can be recovered.</summary>
    public DateTimeOffset? EarliestRecoverable { get; init; }
}
