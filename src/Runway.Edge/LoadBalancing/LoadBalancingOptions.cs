namespace Runway.Edge.LoadBalancing;

/// <summary>Load balancing and passive health settings, with their defaults.</summary>
public sealed record LoadBalancingOptions
{
    /// <summary>Consecutive failed forwards (connect failure, timeout, broken response) that take an instance out of rotation.</summary>
    public int FailuresBeforeEjection { get; init; } = 3;

    /// <summary>How long an ejected instance stays out of rotation before it is tried again.</summary>
    public TimeSpan ReactivationPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry an idempotent request once on another instance when the first could not be connected to.</summary>
    public bool RetryOnConnectFailure { get; init; } = true;
}
