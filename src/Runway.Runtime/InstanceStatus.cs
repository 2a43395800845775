using Runway.Model;

namespace Runway.Runtime;

/// <summary>A snapshot of one instance, for status displays and start reports.</summary>
/// <param name="Reason">Why the instance is in its state (the reason of the last state change).</param>
/// <param name="Since">When the instance entered its state.</param>
/// <param name="RecentOutput">Its last output lines, oldest first.</param>
public sealed record InstanceStatus(
    InstanceId Instance,
    InstanceState State,
    string Reason,
    DateTimeOffset Since,
    int? ProcessId,
    int? Port,
    int? LastExitCode,
    int ConsecutiveRestarts,
    int TotalRestarts,
    ValueList<string> RecentOutput)
{
    /// <summary>When the current (or last) process was started; null before the first launch.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>What <see cref="Supervisor.StartAsync"/> achieved: each started instance as it stood when its service's start gate closed.</summary>
public sealed record StartReport(ValueList<InstanceStatus> Instances)
{
    public bool AllHealthy => Instances.All(i => i.State == InstanceState.Healthy);

    public IEnumerable<InstanceStatus> NotHealthy => Instances.Where(i => i.State != InstanceState.Healthy);
}
