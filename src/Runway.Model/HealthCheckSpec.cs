namespace Runway.Model;

/// <summary>How Runway decides an instance is healthy.</summary>
/// <param name="Path">HTTP path that must answer 200 (Railway healthcheckPath); null: a web service is healthy when its port
/// accepts connections, a worker when its process is alive.</param>
/// <param name="StartTimeout">How long a new instance may take to become healthy (Railway healthcheckTimeout, default 300 s).</param>
public sealed record HealthCheckSpec(string? Path, TimeSpan StartTimeout)
{
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(300);

    public static HealthCheckSpec Default { get; } = new(null, DefaultStartTimeout);

    /// <summary>Time between liveness probes once the instance is healthy.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one probe may take.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed liveness probes after which the instance is restarted.</summary>
    public int FailureThreshold { get; init; } = 3;
}
