using System.Globalization;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>
/// The files and settings Runway writes for pgBackRest: its own <c>pgbackrest.conf</c> (nothing in /etc or /var/lib),
/// the archive settings of the live cluster and the settings of a scratch cluster that replays to a target time.
/// </summary>
internal static class PgBackRestFiles
{
    /// <summary>The one stanza (pgBackRest's name for a cluster and its archive) of a Runway home.</summary>
    public const string Stanza = "runway";

    public const string ConfigFileName = "pgbackrest.conf";

    /// <summary>Characters that neither the shell quoting of archive_command nor pgBackRest's ini format can carry.</summary>
    private static readonly System.Buffers.SearchValues<char> UnsafePathCharacters = System.Buffers.SearchValues.Create("'\"\n\r\0=\\");

    public static string Repository(PointInTimeRecoveryOptions options) => options.RepositoryDirectory ?? Path.Combine(options.Directory, "repo");

    /// <summary>The directories pgBackRest writes besides the repository, all inside its own directory.</summary>
    public static IReadOnlyList<string> WorkDirectories(PointInTimeRecoveryOptions options) =>
        [Path.Combine(options.Directory, "lock"), Path.Combine(options.Directory, "log"), Path.Combine(options.Directory, "spool"), ScratchRoot(options)];

    /// <summary>Where scratch clusters of recoveries live while they run.</summary>
    public static string ScratchRoot(PointInTimeRecoveryOptions options) => Path.Combine(options.Directory, "restore");

    /// <summary>A path fit for pgbackrest.conf and a single-quoted shell word, or the reason it is not.</summary>
    public static string? Unfit(string path) =>
        path.AsSpan().IndexOfAny(UnsafePathCharacters) >= 0
            ? $"{path}: a pgBackRest path cannot contain quotes, backslashes, '=' or line breaks; choose another Runway home."
            : null;

    /// <summary>
    /// pgbackrest.conf: one stanza whose pg1 is the live cluster, reached as its superuser over the private socket
    /// (pgBackRest user guide, "Configure Cluster Stanza"; option reference for each key).
    /// </summary>
    public static string Config(PointInTimeRecoveryOptions options, string dataDirectory, string socketDirectory, int port)
    {
        var invariant = CultureInfo.InvariantCulture;
        string[] lines =
        [
            "# Written by Runway on every start of the PostgreSQL cluster.",
            "[global]",
            $"repo1-path={Repository(options)}",
            // Time-based retention keeps the whole recovery window; WAL older than the oldest kept backup expires with it.
            "repo1-retention-full-type=time",
            string.Create(invariant, $"repo1-retention-full={options.RetentionDays}"),
            $"lock-path={Path.Combine(options.Directory, "lock")}",
            $"log-path={Path.Combine(options.Directory, "log")}",
            $"spool-path={Path.Combine(options.Directory, "spool")}",
            // Warnings and errors go to stderr: the server log for archive-push, Runway's error messages for the rest.
            "log-level-console=off",
            "log-level-stderr=warn",
            "log-level-file=warn",
            // A backup asked for now starts now (immediate checkpoint) instead of at the next scheduled checkpoint.
            "start-fast=y",
            "compress-type=lz4",
            // The server's own logs (log_directory and pg_ctl's startup log) are not needed to recover and can be large.
            "exclude=log/",
            "exclude=startup.log",
            string.Create(invariant, $"archive-push-queue-max={options.ArchiveQueueMaxBytes}"),
            string.Create(invariant, $"archive-timeout={Math.Max(1, (int)Math.Ceiling(options.ArchiveWaitTimeout.TotalSeconds))}"),
            "",
            $"[{Stanza}]",
            $"pg1-path={dataDirectory}",
            $"pg1-socket-path={socketDirectory}",
            string.Create(invariant, $"pg1-port={port}"),
            $"pg1-user={PostgresConfigFiles.Superuser}",
        ];
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The options every pgbackrest command line starts with: Runway's config directory (and its conf.d) only, and the stanza.</summary>
    public static IReadOnlyList<string> CommonArguments(PointInTimeRecoveryOptions options) =>
        [$"--config-path={options.Directory}", $"--stanza={Stanza}"];

    /// <summary>
    /// archive_command, run by the server through the shell: paths single-quoted, and '%' doubled because PostgreSQL
    /// replaces %p and %f in it (PostgreSQL docs 26.3.1, "Setting Up WAL Archiving").
    /// </summary>
    public static string ArchiveCommand(PointInTimeRecoveryOptions options)
    {
        var words = new[] { options.Program }.Concat(CommonArguments(options)).Select(ShellWord);
        return string.Join(' ', words).Replace("%", "%%", StringComparison.Ordinal) + " archive-push %p";
    }

    /// <summary>The live cluster's archive settings for runway.conf (archive_mode needs a restart; archive_command a reload).</summary>
    public static IReadOnlyList<string> ArchiveSettings(PointInTimeRecoveryOptions options) =>
    [
        "archive_mode = on",
        $"archive_command = {PostgresConfigFiles.Quote(ArchiveCommand(options))}",
        string.Create(CultureInfo.InvariantCulture, $"archive_timeout = {Math.Max(1, (int)Math.Ceiling(options.ArchiveTimeout.TotalSeconds))}"),
    ];

    /// <summary>
    /// runway.conf of a scratch cluster, replacing the live one it was restored with: no TCP listener at all, its socket in its own
    /// 0700 directory, never archiving into the live repository, small memory, and no hot standby, so it takes no connection
    /// before it has replayed to the target and been promoted; no fsync, as it is deleted after one dump.
    /// </summary>
    public static string ScratchSettings(int port, string socketDirectory) =>
        string.Join('\n',
        [
            "# A scratch cluster of a point-in-time recovery, written by Runway; deleted when the recovery ends.",
            "listen_addresses = ''",
            string.Create(CultureInfo.InvariantCulture, $"port = {port}"),
            $"unix_socket_directories = {PostgresConfigFiles.Quote(socketDirectory)}",
            "unix_socket_permissions = 0700",
            "archive_mode = off",
            "archive_command = ''",
            "hot_standby = off",
            "shared_buffers = 128MB",
            "max_wal_size = 4GB",
            // Thrown away after one dump: durability would only slow replay and cleanup down.
            "fsync = off",
            "full_page_writes = off",
            "wal_init_zero = off",
            "shared_preload_libraries = 'pg_stat_statements'",
            "autovacuum = off",
            "logging_collector = on",
            "log_directory = 'log'",
            "log_filename = 'postgresql.log'",
            "log_line_prefix = '%m [%p] %q%u@%d '",
        ]) + "\n";

    private static string ShellWord(string word) => "'" + word + "'";
}
