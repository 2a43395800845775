namespace Runway.Addons.Postgres;

/// <summary>
/// The configuration Runway owns in a cluster's data directory: <c>runway.conf</c> (included from postgresql.conf),
/// pg_hba.conf and pg_ident.conf. Rewritten on every start so the cluster always matches what Runway expects.
/// </summary>
internal static class PostgresConfigFiles
{
    public const string SettingsFileName = "runway.conf";

    /// <summary>The line appended once to initdb's postgresql.conf (paths in include are relative to the including file).</summary>
    public const string IncludeLine = "include 'runway.conf'";

    /// <summary>The bootstrap superuser's name (initdb -U), the same whichever system user runs the cluster.</summary>
    public const string Superuser = "postgres";

    /// <summary>The settings: the machine-sized tuning plus what every Runway cluster needs, and WAL archiving when it is on.</summary>
    public static string Settings(PostgresTuning tuning, int port, string socketDirectory, IReadOnlyList<string>? archiveSettings = null)
    {
        string[] lines =
        [
            "# Written by Runway on every start; local changes belong in postgresql.conf before the include line or via ALTER SYSTEM.",
            "listen_addresses = '127.0.0.1'",
            $"port = {port}",
            // The socket lives in the 0700 data directory: only root and the cluster's user can reach it.
            $"unix_socket_directories = {Quote(socketDirectory)}",
            "unix_socket_permissions = 0700",
            "password_encryption = 'scram-sha-256'",
            "ssl = off",
            .. tuning.ConfigLines(),
            // WAL fit for base backups and archiving (pgBackRest) without a restart.
            "wal_level = replica",
            "min_wal_size = 1GB",
            "max_wal_size = 4GB",
            "checkpoint_completion_target = 0.9",
            .. archiveSettings ?? [],
            "random_page_cost = 1.1",
            "effective_io_concurrency = 200",
            "shared_preload_libraries = 'pg_stat_statements'",
            "pg_stat_statements.track = top",
            "logging_collector = on",
            "log_directory = 'log'",
            "log_filename = 'postgresql-%a.log'",
            "log_truncate_on_rotation = on",
            "log_rotation_age = 1d",
            "log_rotation_size = 0",
            "log_line_prefix = '%m [%p] %q%u@%d '",
        ];
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// Client authentication: the superuser only by peer over the private socket (mapped from root or the cluster's user),
    /// everything over TCP by SCRAM password (PostgreSQL docs 21.1, pg_hba.conf; 21.5 password authentication).
    /// </summary>
    public static string HostBasedAuthentication() =>
        $"""
        # Written by Runway on every start.
        # TYPE  DATABASE     USER         ADDRESS        METHOD
        local   all          {Superuser}     peer map=runway
        local   replication  {Superuser}     peer map=runway
        local   all          all                         scram-sha-256
        host    all          all          127.0.0.1/32   scram-sha-256
        host    replication  {Superuser}     127.0.0.1/32   scram-sha-256

        """;

    /// <summary>Which system users may act as the superuser over the socket: the cluster's own user and root.</summary>
    public static string IdentMap(string clusterSystemUser)
    {
        var users = new[] { clusterSystemUser, "root" }.Distinct(StringComparer.Ordinal);
        return "# Written by Runway on every start.\n# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n"
            + string.Concat(users.Select(u => $"runway  {u}  {Superuser}\n"));
    }

    /// <summary>A postgresql.conf string literal: single quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
