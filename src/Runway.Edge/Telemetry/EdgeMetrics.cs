using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Telemetry;

/// <summary>The edge's counters, kept lock-free: requests by app, part and status, a duration histogram per app and part,
/// upstream errors by kind and the open client connections. Written out in the Prometheus text format (version 0.0.4).</summary>
internal sealed class EdgeMetrics
{
    /// <summary>Upper bounds of the duration buckets, in seconds (Prometheus client defaults).</summary>
    internal static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string App, string Part, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<(string App, string Part), Histogram> _durations = new();
    private readonly ConcurrentDictionary<(string App, string Part, ForwardError Error), Counter> _upstreamErrors = new();
    private long _activeConnections;

    public long ActiveConnections => Interlocked.Read(ref _activeConnections);

    public void ConnectionOpened() => Interlocked.Increment(ref _activeConnections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _activeConnections);

    public void RecordRequest(string app, string part, int status, TimeSpan duration)
    {
        _requests.GetOrAdd((app, part, status), static _ => new Counter()).Increment();
        _durations.GetOrAdd((app, part), static _ => new Histogram()).Observe(duration);
    }

    public void RecordUpstreamError(string app, string part, ForwardError error) =>
        _upstreamErrors.GetOrAdd((app, part, error), static _ => new Counter()).Increment();

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# HELP runway_edge_requests_total Requests answered by the edge.\n# TYPE runway_edge_requests_total counter\n");
        foreach (var ((app, part, status), counter) in _requests.OrderBy(e => e.Key))
        {
            text.Append("runway_edge_requests_total{app=\"").Append(Escape(app)).Append("\",part=\"").Append(Escape(part))
                .Append("\",code=\"").Append(status.ToString(CultureInfo.InvariantCulture))
                .Append("\",class=\"").Append((status / 100).ToString(CultureInfo.InvariantCulture)).Append("xx\"} ")
                .Append(counter.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("# HELP runway_edge_request_duration_seconds Time from request start to the end of the response.\n# TYPE runway_edge_request_duration_seconds histogram\n");
        foreach (var ((app, part), histogram) in _durations.OrderBy(e => e.Key))
        {
            histogram.Render(text, $"app=\"{Escape(app)}\",part=\"{Escape(part)}\"");
        }

        text.Append("# HELP runway_edge_upstream_errors_total Failures while forwarding to an upstream, by kind.\n# TYPE runway_edge_upstream_errors_total counter\n");
        foreach (var ((app, part, error), counter) in _upstreamErrors.OrderBy(e => e.Key))
        {
            text.Append("runway_edge_upstream_errors_total{app=\"").Append(Escape(app)).Append("\",part=\"").Append(Escape(part))
                .Append("\",error=\"").Append(error.ToString()).Append("\"} ").Append(counter.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("# HELP runway_edge_active_connections Client connections open on the edge's app listeners.\n# TYPE runway_edge_active_connections gauge\n")
            .Append("runway_edge_active_connections ").Append(ActiveConnections.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>Label values escape backslash, double quote and line feed (Prometheus text format).</summary>
    internal static string Escape(string value) =>
        value.AsSpan().IndexOfAny("\\\"\n") < 0 ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class Histogram
    {
        private readonly long[] _buckets = new long[DurationBuckets.Length + 1];
        private long _sumTicks;
        private long _count;

        public void Observe(TimeSpan duration)
        {
            var seconds = duration.TotalSeconds;
            var index = 0;
            while (index < DurationBuckets.Length && seconds > DurationBuckets[index])
            {
                index++;
            }

            Interlocked.Increment(ref _buckets[index]);
            Interlocked.Add(ref _sumTicks, duration.Ticks);
            Interlocked.Increment(ref _count);
        }

        public void Render(StringBuilder text, string labels)
        {
            long cumulative = 0;
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref _buckets[i]);
                text.Append("runway_edge_request_duration_seconds_bucket{").Append(labels).Append(",le=\"")
                    .Append(DurationBuckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            cumulative += Interlocked.Read(ref _buckets[^1]);
            var count = Math.Max(cumulative, Interlocked.Read(ref _count));
            text.Append("runway_edge_request_duration_seconds_bucket{").Append(labels).Append(",le=\"+Inf\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("runway_edge_request_duration_seconds_sum{").Append(labels).Append("} ")
                .Append(TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
                .Append("runway_edge_request_duration_seconds_count{").Append(labels).Append("} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
