using System.Net;

namespace Runway.Edge.Forwarding;

/// <summary>Per-route forwarding choices. Defaults live here and nowhere else.</summary>
public sealed record ForwardOptions
{
    public static ForwardOptions Default { get; } = new();

    /// <summary>How long the upstream may stay silent — while we wait for response headers, or between two body reads or
    /// writes — before the request fails with 504 (or the connection is aborted once the response has started).
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan ActivityTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Send the client's Host header to the upstream instead of the upstream's own authority.</summary>
    public bool PreserveHost { get; init; }

    /// <summary>HTTP version for the upstream request. Instances speak HTTP/1.1 unless the route says otherwise;
    /// 2.0 with <see cref="HttpVersionPolicy.RequestVersionExact"/> gives h2c (prior knowledge) on http:// upstreams.</summary>
    public Version Version { get; init; } = HttpVersion.Version11;

    public HttpVersionPolicy VersionPolicy { get; init; } = HttpVersionPolicy.RequestVersionOrLower;
}
