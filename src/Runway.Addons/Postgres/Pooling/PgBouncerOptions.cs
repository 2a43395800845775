namespace Runway.Addons.Postgres.Pooling;

/// <summary>Where and how the PgBouncer of a Runway home runs (one for the cluster, serving every pooled app database).</summary>
/// <param name="Directory">Its files: <c>$RUNWAY_HOME/addons/postgres/pgbouncer/</c>.</param>
public sealed record PgBouncerOptions(string Directory)
{
    /// <summary>Debian's pgbouncer package.</summary>
    public string Program { get; init; } = "/usr/sbin/pgbouncer";

    /// <summary>PgBouncer refuses to run as root, so a root Runway runs it as the cluster's <c>postgres</c> user; null runs it as Runway's own user.</summary>
    public string? RunAsUser { get; init; } = Environment.IsPrivilegedProcess ? "postgres" : null;

    /// <summary>Client connections PgBouncer accepts in total (max_client_conn).</summary>
    public int MaxClientConnections { get; init; } = 500;

    /// <summary>How long a start waits for PgBouncer to listen, and a stop for it to exit.</summary>
    public TimeSpan StartStopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connect and query timeout of a health check.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
