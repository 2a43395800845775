namespace Runway.Model;

/// <summary>Keeps a service's replica count between <see cref="Min"/> and <see cref="Max"/>, scaling on the targets that are
/// set (runway.toml <c>[services.NAME.autoscale]</c>); like Kubernetes' HorizontalPodAutoscaler, the count follows
/// <c>ceil(current × measured / target)</c> for the target that asks for the most replicas.</summary>
/// <param name="Min">Fewest replicas (at least 1).</param>
/// <param name="Max">Most replicas (at least <paramref name="Min"/>).</param>
public sealed record AutoscaleSpec(int Min, int Max)
{
    public static readonly TimeSpan DefaultScaleUpCooldown = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultScaleDownCooldown = TimeSpan.FromMinutes(5);

    /// <summary>CPU use each instance should average, in percent of one core (70: 0.7 of a core).</summary>
    public double? TargetCpuPercent { get; init; }

    /// <summary>Requests in flight each instance should average, measured at the edge.</summary>
    public double? TargetConcurrency { get; init; }

    /// <summary>The 95th percentile of response times the service should stay under, measured at the edge.</summary>
    public TimeSpan? TargetP95 { get; init; }

    /// <summary>Least time between one scale-up and the next.</summary>
    public TimeSpan ScaleUpCooldown { get; init; } = DefaultScaleUpCooldown;

    /// <summary>Least time after any change before scaling down; also the window whose highest recommendation a scale-down
    /// may not go below (stabilization).</summary>
    public TimeSpan ScaleDownCooldown { get; init; } = DefaultScaleDownCooldown;

    /// <summary>Whether any target is set; without one there is nothing to scale on.</summary>
    public bool HasTarget => TargetCpuPercent is not null || TargetConcurrency is not null || TargetP95 is not null;
}
