namespace Runway.Addons.Redis;

/// <summary>Timeouts of a managed Redis, with their defaults in one place, and the clock they are measured on.</summary>
public sealed record RedisServerOptions
{
    public static RedisServerOptions Default { get; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a start may take until PING answers PONG (a large AOF or RDB is loaded first).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Connecting, and each command's reply.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole health check: connect, AUTH and PING.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a stop waits for the process to end after SHUTDOWN (its final save included) before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a snapshot may take, from BGSAVE to the copied file.</summary>
    public TimeSpan SnapshotTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
