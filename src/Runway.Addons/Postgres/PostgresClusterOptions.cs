using Runway.Addons.Postgres.Pitr;

namespace Runway.Addons.Postgres;

/// <summary>Where and how one managed PostgreSQL cluster runs (one per Runway home, under <c>$RUNWAY_HOME/addons/</c>).</summary>
/// <param name="DataDirectory">The cluster's data directory; initdb runs there when it is missing or empty.</param>
public sealed record PostgresClusterOptions(string DataDirectory)
{
    /// <summary>The TCP port on 127.0.0.1. Null: the port this cluster used before, or a free one on first start.</summary>
    public int? Port { get; init; }

    /// <summary>Where initdb, pg_ctl and postgres live (Debian's postgresql-15 package).</summary>
    public string BinDirectory { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>The system user the server runs as: PostgreSQL refuses root, so a root Runway uses <c>postgres</c>; null runs as Runway's own user.</summary>
    public string? RunAsUser { get; init; } = Environment.IsPrivilegedProcess ? "postgres" : null;

    /// <summary>The 0600 file that keeps the superuser's and every app's password (the server keeps only verifiers). Default: beside the data directory.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>Memory and parallelism settings. Null: sized to this machine (<see cref="PostgresTuning.ForThisMachine"/>).</summary>
    public PostgresTuning? Tuning { get; init; }

    /// <summary>
    /// WAL archiving and base backups with pgBackRest for point-in-time recovery. Null: off. Turned on for an existing cluster,
    /// it starts with the cluster's next start (archive_mode needs a restart; an adopted running server is not restarted).
    /// </summary>
    public PointInTimeRecoveryOptions? PointInTimeRecovery { get; init; }

    /// <summary>How long pg_ctl waits for the server to start or stop.</summary>
    public TimeSpan StartStopTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Connect and query timeout of a health check.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
