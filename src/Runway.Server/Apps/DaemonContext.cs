using Runway.Build;
using Runway.Build.Releases;
using Runway.Edge.Hosting;
using Runway.Runtime;
using Runway.Runtime.Isolation;
using Runway.Server.Addons;
using Runway.State;

namespace Runway.Server.Apps;

/// <summary>What every app in the daemon shares.</summary>
/// <param name="KeepReleases">Releases kept per app besides the current and the previous one.</param>
/// <param name="DrainTimeout">How long requests in flight to a replaced release may take before it is stopped anyway.</param>
internal sealed record DaemonContext(
    RunwayHome Home,
    StateStore State,
    ReleaseSpecs Specs,
    ReleaseStore Releases,
    EdgeServer Edge,
    AddonProvisioner Addons,
    SupervisorOptions Supervision,
    TimeSpan DrainTimeout,
    int KeepReleases,
    TimeProvider Time)
{
    /// <summary>How far back the edge's p95 latency looks when the autoscaler samples it.</summary>
    public TimeSpan AutoscaleWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether instances run isolated here, probed once when the daemon starts.</summary>
    public IsolationSupport Isolation { get; init; } = IsolationSupport.TurnedOff;

    /// <summary>A release whose services have this many replicas or more rolls out in batches instead of blue/green.</summary>
    public int RollingFrom { get; init; } = 4;
}
