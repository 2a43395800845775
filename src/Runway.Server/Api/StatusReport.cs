namespace Runway.Server.Api;

/// <summary>`runway status`: every app (or one), as the daemon sees it now.</summary>
public sealed record StatusReport(int EdgePort, IReadOnlyList<AppStatus> Apps);

public sealed record AppStatus(
    string Name,
    string Environment,
    string Desired,
    int? CurrentRelease,
    int? PreviousRelease,
    string Url,
    IReadOnlyList<InstanceReport> Instances,
    IReadOnlyList<ReleaseReport> Releases,
    IReadOnlyList<DeploymentReport> Deployments,
    IReadOnlyList<EventReport> Events)
{
    /// <summary>Each add-on and whether a real query (PostgreSQL) or PING (Redis) answered.</summary>
    public IReadOnlyList<Addons.AddonHealth> Addons { get; init; } = [];

    /// <summary>Each add-on's backups: schedule, last success, failures and the last failure until a backup succeeds again.</summary>
    public IReadOnlyList<AddonBackupReport> Backups { get; init; } = [];
}

/// <summary>One add-on's backups as `runway status` shows them.</summary>
/// <param name="Schedule">The crontab of its scheduled backups, or null (on demand only).</param>
/// <param name="NextRunAt">When the next scheduled backup is due.</param>
/// <param name="Failures">Failed backups, uploads and retention runs since the daemon started.</param>
/// <param name="LastFailure">The latest failure, while no backup of the add-on succeeded after it; null otherwise.</param>
public sealed record AddonBackupReport(
    string Addon,
    string? Schedule,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastSuccessAt,
    long Failures,
    Backups.BackupFailure? LastFailure);

public sealed record InstanceReport(
    string Id,
    int Release,
    string State,
    string Reason,
    DateTimeOffset Since,
    int? ProcessId,
    int? Port,
    int Restarts,
    double? CpuSeconds,
    long? MemoryBytes)
{
    /// <summary>When the current process started (uptime is now minus this).</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

public sealed record ReleaseReport(int Number, DateTimeOffset CreatedAt, string Status, string? Description);

public sealed record DeploymentReport(long Id, int Release, string Trigger, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Message);

public sealed record EventReport(long Id, DateTimeOffset At, string Kind, string Message);
