namespace Runway.Runtime.Metrics;

/// <summary>What an instance's processes use at one moment.</summary>
/// <param name="CpuSeconds">CPU time (user + system) of its running processes, including the children they have waited for.</param>
/// <param name="MemoryBytes">Resident memory of its processes added up (shared pages count once per process).</param>
/// <param name="Processes">How many of its processes run.</param>
public sealed record InstanceMetrics(double CpuSeconds, long MemoryBytes, int Processes)
{
    /// <summary>No process runs.</summary>
    public static InstanceMetrics None { get; } = new(0, 0, 0);
}

/// <summary>One instance's metrics and when they were read; two readings give its CPU use (<see cref="CpuUsage"/>).</summary>
public sealed record InstanceMetricsReading(InstanceId Instance, InstanceMetrics Metrics, DateTimeOffset At);
