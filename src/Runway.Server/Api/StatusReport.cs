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
}

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
