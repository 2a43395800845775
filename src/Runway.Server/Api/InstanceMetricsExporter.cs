using System.Globalization;
using System.Text;
using Runway.Server.Daemon;

namespace Runway.Server.Api;

/// <summary>Per-instance process metrics in the Prometheus text format, appended to the edge's /metrics.</summary>
internal static class InstanceMetricsExporter
{
    public static string Render(RunwayDaemon daemon, DateTimeOffset now)
    {
        var cpu = new StringBuilder("# HELP runway_instance_cpu_seconds_total CPU time used by the instance's processes.\n# TYPE runway_instance_cpu_seconds_total counter\n");
        var memory = new StringBuilder("# HELP runway_instance_memory_bytes Resident memory of the instance's processes.\n# TYPE runway_instance_memory_bytes gauge\n");
        var restarts = new StringBuilder("# HELP runway_instance_restarts_total Restarts of the instance since its release started.\n# TYPE runway_instance_restarts_total counter\n");
        var uptime = new StringBuilder("# HELP runway_instance_uptime_seconds Seconds since the instance's current process started.\n# TYPE runway_instance_uptime_seconds gauge\n");
        foreach (var app in daemon.Apps.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (app.Current is not { } running)
            {
                continue;
            }

            var usage = running.Metrics().ToDictionary(m => m.Instance);
            foreach (var status in running.Status())
            {
                var labels = $"{{app=\"{app.Name}\",instance=\"{status.Instance}\",release=\"{running.Number}\"}}";
                if (usage.TryGetValue(status.Instance, out var reading))
                {
                    cpu.Append(CultureInfo.InvariantCulture, $"runway_instance_cpu_seconds_total{labels} {reading.Metrics.CpuSeconds}\n");
                    memory.Append(CultureInfo.InvariantCulture, $"runway_instance_memory_bytes{labels} {reading.Metrics.MemoryBytes}\n");
                }

                restarts.Append(CultureInfo.InvariantCulture, $"runway_instance_restarts_total{labels} {status.TotalRestarts}\n");
                if (status.StartedAt is { } started)
                {
                    uptime.Append(CultureInfo.InvariantCulture, $"runway_instance_uptime_seconds{labels} {(now - started).TotalSeconds:0.###}\n");
                }
            }
        }

        return cpu.Append(memory).Append(restarts).Append(uptime).ToString();
    }
}
