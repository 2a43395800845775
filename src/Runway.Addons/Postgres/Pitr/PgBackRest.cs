using System.Globalization;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>Runs pgbackrest commands on Runway's stanza, as the cluster's system user (the owner of the data directory and the repository).</summary>
internal sealed class PgBackRest(PointInTimeRecoveryOptions options, PostgresCommand command)
{
    /// <summary>The options with absolute paths: they are written into configs that other processes read from other directories.</summary>
    public PointInTimeRecoveryOptions Options { get; } = options with
    {
        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Directory)),
        RepositoryDirectory = options.RepositoryDirectory is { } repository ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository)) : null,
    };

    /// <summary>
    /// stanza-create: creates the repository's info files, or confirms they belong to this cluster. Offline (--no-online) it reads
    /// pg_control only, so it runs before the server starts with archiving (pgBackRest command reference, "Stanza Create Command").
    /// </summary>
    public Task<PostgresCommandResult> CreateStanzaAsync(bool online, CancellationToken ct) =>
        RunAsync(online ? ["stanza-create"] : ["--no-online", "stanza-create"], ct);

    /// <summary>check: forces a WAL switch and waits until that segment is in the repository.</summary>
    public Task<PostgresCommandResult> CheckAsync(CancellationToken ct) => RunAsync(["check"], ct);

    /// <summary>backup of the given type; pgBackRest expires old backups and WAL by the retention settings afterwards.</summary>
    public Task<PostgresCommandResult> BackupAsync(BaseBackupKind kind, CancellationToken ct) =>
        RunAsync(["--type=" + PgBackRestInfo.TypeArgument(kind), "backup"], ct);

    public Task<PostgresCommandResult> ExpireAsync(CancellationToken ct) => RunAsync(["expire"], ct);

    public async Task<IReadOnlyList<BaseBackup>> ListBackupsAsync(CancellationToken ct)
    {
        var result = await RunAsync(["--output=json", "info"], ct);
        if (result.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.ArchivingBroken, Describe(result, "listing the base backups"));
        }

        // Warnings go to stderr and are collected with the output; the JSON document is the line that starts with '['.
        var json = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith('['))
            ?? throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.ArchivingBroken, Describe(result, "listing the base backups (no JSON in the output)"));
        return PgBackRestInfo.Backups(json, PgBackRestFiles.Stanza);
    }

    /// <summary>
    /// restore into <paramref name="dataDirectory"/> (not the live one) of backup <paramref name="set"/>, with recovery up to
    /// <paramref name="target"/> followed by promotion, and archive_mode=off so the restored cluster never pushes WAL into the
    /// repository (pgBackRest command reference, "Restore Command": --type=time, --target-action, --archive-mode, --db-include).
    /// </summary>
    public Task<PostgresCommandResult> RestoreAsync(string dataDirectory, string set, DateTimeOffset target, string? onlyDatabase, CancellationToken ct)
    {
        var arguments = new List<string>
        {
            "--pg1-path=" + dataDirectory,
            "--set=" + set,
            "--type=time",
            "--target=" + TargetTime(target),
            "--target-action=promote",
            "--archive-mode=off",
            // restore_command then names pgBackRest by its full path rather than relying on the server's PATH.
            "--cmd=" + Options.Program,
        };
        if (onlyDatabase is not null)
        {
            arguments.Add("--db-include=" + onlyDatabase);
        }

        arguments.Add("restore");
        return RunAsync(arguments, ct);
    }

    /// <summary>recovery_target_time in UTC with microseconds and an explicit offset, so the server's TimeZone does not matter.</summary>
    public static string TargetTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00";

    /// <summary>What failed, the command, and pgBackRest's own words.</summary>
    public string Describe(PostgresCommandResult result, string whatFor) => command.Failure(result, whatFor).Message;

    private Task<PostgresCommandResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        command.RunAsync(Options.Program, [.. PgBackRestFiles.CommonArguments(Options), .. arguments], asClusterUser: true, ct);
}
