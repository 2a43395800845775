using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Runway.Edge.Telemetry;

/// <summary>The Runway process itself, in the Prometheus text format: CPU time, memory, and the .NET runtime's allocation and
/// garbage collection counters (named as the OpenTelemetry .NET runtime metrics are when exported to Prometheus). Divided by
/// the edge's request count they give the CPU time and bytes one request costs.</summary>
internal static class RuntimeMetrics
{
    public static string Render()
    {
        var text = new StringBuilder(1024);
        var cpu = Environment.CpuUsage;
        Counter(text, "process_cpu_seconds_total", "User and system CPU time spent by the Runway process.", cpu.TotalTime.TotalSeconds);
        Gauge(text, "process_resident_memory_bytes", "Resident memory of the Runway process.", Environment.WorkingSet);
        Gauge(text, "process_start_time_seconds", "When the Runway process started, in seconds since the Unix epoch.",
            new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        Counter(text, "dotnet_gc_heap_total_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.",
            GC.GetTotalAllocatedBytes(precise: false));
        Gauge(text, "dotnet_gc_heap_size_bytes", "Bytes currently in use on the managed heap.", GC.GetTotalMemory(forceFullCollection: false));
        Counter(text, "dotnet_gc_pause_time_seconds_total", "Time the garbage collector paused the process.", GC.GetTotalPauseDuration().TotalSeconds);
        text.Append("# HELP dotnet_gc_collections_total Garbage collections, by the generation collected.\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append("dotnet_gc_collections_total{gc_heap_generation=\"gen").Append(generation.ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Gauge(text, "dotnet_thread_pool_thread_count", "Threads in the .NET thread pool.", ThreadPool.ThreadCount);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, double value) => Write(text, name, help, "counter", value);

    private static void Gauge(StringBuilder text, string name, string help, double value) => Write(text, name, help, "gauge", value);

    private static void Write(StringBuilder text, string name, string help, string type, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
