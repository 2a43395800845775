using Npgsql;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>
/// Readies pgBackRest for a cluster on every start: its directory and config (owned by the cluster's user, mode 0700/0600),
/// the stanza, leftovers of interrupted recoveries, and whether an adopted running server archives at all.
/// </summary>
internal static class PgBackRestSetup
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Writes the directories and pgbackrest.conf and removes scratch clusters a crash left behind; returns why archiving
    /// cannot be on (pgBackRest is not installed), or null.
    /// </summary>
    public static async Task<string?> PrepareAsync(PgBackRest pgBackRest, PostgresCommand command, PostgresClusterOptions cluster, string dataDirectory, int port, CancellationToken ct)
    {
        var options = pgBackRest.Options;
        var directory = options.Directory;
        foreach (var path in (string[])[directory, PgBackRestFiles.Repository(options)])
        {
            if (PgBackRestFiles.Unfit(path) is { } reason)
            {
                throw new PostgresAddonException(reason);
            }
        }

        if (!File.Exists(options.Program))
        {
            // The apps' databases still start; only point-in-time recovery waits for the package.
            return $"{options.Program} not found: install pgBackRest (apt-get install pgbackrest) and restart the cluster, or turn point-in-time recovery off.";
        }

        Directory.CreateDirectory(directory, OwnerOnly);
        File.SetUnixFileMode(directory, OwnerOnly);
        var configFile = Path.Combine(directory, PgBackRestFiles.ConfigFileName);
        await File.WriteAllTextAsync(configFile, PgBackRestFiles.Config(options, dataDirectory, dataDirectory, port), ct);
        File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (command.RunAsUser is { } user)
        {
            await command.RunAsSelfCheckedAsync("chown", [user + ":", directory, configFile], $"giving {directory} to the '{user}' user", ct);
        }

        // Created by the cluster's user, so they are its own whoever Runway runs as.
        await command.RunCheckedAsync(
            "/bin/mkdir", ["-p", "-m", "0700", PgBackRestFiles.Repository(options), .. PgBackRestFiles.WorkDirectories(options)], $"creating pgBackRest's directories in {directory}", ct);
        await RemoveLeftoverScratchClustersAsync(options, command, cluster, ct);
        return null;
    }

    /// <summary>
    /// stanza-create before the server starts: null when the repository is ready for this cluster, otherwise why archiving stays off
    /// (e.g. the repository holds the archive of an earlier cluster with another system identifier).
    /// </summary>
    public static async Task<string?> CreateStanzaAsync(PgBackRest pgBackRest, CancellationToken ct)
    {
        var result = await pgBackRest.CreateStanzaAsync(online: false, ct);
        if (result.ExitCode == 0)
        {
            return null;
        }

        return pgBackRest.Describe(result, $"preparing the pgBackRest repository {PgBackRestFiles.Repository(pgBackRest.Options)}")
            + "\nWAL archiving stays off until this is fixed (a repository belongs to one cluster: move an old one away) and the cluster restarts.";
    }

    /// <summary>For a server that was already running when Runway adopted it: null when it archives through this configuration.</summary>
    public static async Task<string?> ProblemOfRunningServerAsync(NpgsqlConnection superuser, PointInTimeRecoveryOptions options, int processId, CancellationToken ct)
    {
        var mode = await ShowAsync(superuser, "archive_mode", ct);
        var archiveCommand = await ShowAsync(superuser, "archive_command", ct);
        if (mode == "on" && archiveCommand == PgBackRestFiles.ArchiveCommand(options))
        {
            return null;
        }

        // archive_mode only changes with a restart; restarting under the apps' connections is left to the next regular restart.
        var running = mode == "on" ? $"archiving with another archive_command ({archiveCommand})" : "without WAL archiving (archive_mode=" + mode + ")";
        return $"the PostgreSQL server (pid {processId}) was already running {running} when Runway adopted it; point-in-time recovery starts after the cluster's next restart.";
    }

    private static async Task<string> ShowAsync(NpgsqlConnection connection, string setting, CancellationToken ct)
    {
        await using var show = new NpgsqlCommand("SELECT current_setting($1)", connection);
        show.Parameters.Add(new NpgsqlParameter { Value = setting });
        return (string)(await show.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A recovery interrupted by a crash leaves its scratch cluster: stopped (immediate, nothing of it is kept) and deleted.</summary>
    private static async Task RemoveLeftoverScratchClustersAsync(PointInTimeRecoveryOptions options, PostgresCommand command, PostgresClusterOptions cluster, CancellationToken ct)
    {
        var root = PgBackRestFiles.ScratchRoot(options);
        foreach (var scratch in Directory.EnumerateDirectories(root))
        {
            await ScratchCluster.StopAndDeleteAsync(scratch, command, cluster.BinDirectory, ct);
        }
    }
}
