namespace Runway.Edge.Forwarding;

/// <summary>Connection settings for the one <see cref="HttpMessageInvoker"/> the forwarder shares across all upstreams.</summary>
public sealed record ForwarderClientOptions
{
    /// <summary>How long to wait for a TCP connection to an instance before giving up with 502.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle pooled connection is kept.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Connections are recycled after this long so DNS and instance changes are noticed. Infinite keeps them.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Upper bound on connections per instance.</summary>
    public int MaxConnectionsPerServer { get; init; } = int.MaxValue;
}
