namespace Runway.State;

/// <summary>Where a deployment stands.</summary>
public enum DeploymentStatus
{
    /// <summary>Under way, or interrupted by a crash of the daemon when found after a restart.</summary>
    Running,

    Succeeded,

    Failed,

    /// <summary>The new release failed its health gate and the previous one was put back.</summary>
    RolledBack,
}

/// <summary>One rollout of one release of an app.</summary>
/// <param name="Id">Increasing identifier given by the store.</param>
/// <param name="Release">The release number being rolled out.</param>
/// <param name="Trigger">What started it: <c>deploy</c>, <c>rollback</c>, <c>restart</c>, <c>scale</c>...</param>
/// <param name="Message">Why it ended the way it did; null while running.</param>
public sealed record DeploymentRecord(
    long Id,
    string App,
    int Release,
    string Trigger,
    DeploymentStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Message);
