using Runway.Model;

namespace Runway.Runtime;

/// <summary>Everything needed to run and supervise one instance.</summary>
/// <param name="Command">Shell command, run as <c>/bin/sh -c Command</c>.</param>
/// <param name="WorkingDirectory">Absolute directory the command runs in (the release directory).</param>
/// <param name="Environment">The complete environment of the process: nothing else is inherited.
/// When <paramref name="Port"/> is set, <c>PORT</c> is always that port.</param>
/// <param name="Port">The port a web instance must bind on 127.0.0.1; null for workers.</param>
public sealed record InstanceSpec(
    InstanceId Id,
    ServiceKind Kind,
    string Command,
    string WorkingDirectory,
    ValueMap Environment,
    int? Port,
    HealthCheckSpec Health,
    RestartPolicy Restart)
{
    /// <summary>Time between SIGTERM and SIGKILL when stopping (Railway drainingSeconds); null: the supervisor's default.</summary>
    public TimeSpan? StopGracePeriod { get; init; }

    /// <summary>Memory, CPU and process limits; enforced only when the supervisor isolates instances (see <see cref="SupervisorOptions.Isolation"/>).</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.None;

    /// <summary>The app the instance belongs to: when isolated, its cgroup is <c>runway/App/INSTANCE</c> and it runs as
    /// the system user <c>runway-App</c>. Null: the service name stands in.</summary>
    public string? App { get; init; }

    /// <summary>When isolated, the existing user to run as instead of <c>runway-App</c>; never created by Runway.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The environment the process really gets: <see cref="Environment"/> with PORT set to <see cref="Port"/>.</summary>
    public ValueMap EffectiveEnvironment =>
        Port is { } port ? Environment.With("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Environment;
}
