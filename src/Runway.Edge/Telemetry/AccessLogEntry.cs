using System.Net;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Telemetry;

/// <summary>One request as the access log records it. Taken on the request path as plain values; turned into text later,
/// by the log's writer.</summary>
internal readonly record struct AccessLogEntry(
    DateTimeOffset StartedAt,
    string App,
    string Part,
    string Method,
    string? Host,
    string? Path,
    int Status,
    TimeSpan Elapsed,
    long Bytes,
    string? Upstream,
    ForwardError UpstreamError,
    IPAddress? Client);
