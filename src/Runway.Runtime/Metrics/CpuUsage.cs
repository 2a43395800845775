namespace Runway.Runtime.Metrics;

/// <summary>CPU use between two readings, in percent of one CPU (100 = one core busy all the time; 2 busy cores = 200).</summary>
public static class CpuUsage
{
    /// <exception cref="ArgumentException">The readings are of different instances.</exception>
    public static double Percent(InstanceMetricsReading earlier, InstanceMetricsReading later)
    {
        if (earlier.Instance != later.Instance)
        {
            throw new ArgumentException($"readings of {earlier.Instance} and {later.Instance} cannot be compared", nameof(later));
        }

        return Percent(earlier.Metrics.CpuSeconds, later.Metrics.CpuSeconds, later.At - earlier.At);
    }

    /// <summary>0 when no time passed, or when the CPU time went down (a process ended or the instance restarted between the readings).</summary>
    public static double Percent(double cpuSecondsBefore, double cpuSecondsAfter, TimeSpan elapsed)
    {
        var used = cpuSecondsAfter - cpuSecondsBefore;
        return elapsed <= TimeSpan.Zero || used <= 0 ? 0 : used / elapsed.TotalSeconds * 100;
    }
}
