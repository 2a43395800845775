namespace Runway.Model;

/// <summary>What one instance of a service may use (runway.toml <c>[services.NAME.limits]</c>); null: no limit.
/// Enforced with cgroups when Runway runs as root.</summary>
/// <param name="MemoryBytes">Memory the instance's processes may hold together; above it the kernel kills one of them.</param>
/// <param name="Cpus">CPU time per second of wall time, in CPUs (0.5: half a core; 2: two cores).</param>
/// <param name="Pids">Most processes and threads the instance may have at once.</param>
public sealed record ResourceLimits(long? MemoryBytes = null, double? Cpus = null, int? Pids = null)
{
    public static ResourceLimits None { get; } = new();

    public bool IsNone => MemoryBytes is null && Cpus is null && Pids is null;

    /// <summary>This set laid over <paramref name="lower"/>: every limit this set gives wins, the others come from below.</summary>
    public ResourceLimits Over(ResourceLimits lower) =>
        new(MemoryBytes ?? lower.MemoryBytes, Cpus ?? lower.Cpus, Pids ?? lower.Pids);
}
