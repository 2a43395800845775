using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>
/// A throwaway cluster restored from the repository and replayed to a target time, from which one database is dumped.
/// It listens on no TCP address, its socket lives in its own 0700 directory, it never archives, and disposing it stops
/// it (immediate: nothing of it is kept) and deletes its directory whatever happened before.
/// </summary>
internal sealed class ScratchCluster : IAsyncDisposable
{
    /// <summary>pgBackRest's error code when --db-include names a database the backup does not hold (created after it).</summary>
    private const string DatabaseNotInBackup = "ERROR: [080]";

    private const int MaxSocketPathBytes = 107;

    private readonly PgBackRest _pgBackRest;
    private readonly PostgresCommand _command;
    private readonly PostgresClusterOptions _live;
    private readonly PostgresServer _server;
    private readonly int _port = FreeLoopbackPort();

    private ScratchCluster(PgBackRest pgBackRest, PostgresCommand command, PostgresClusterOptions live, string directory)
    {
        _pgBackRest = pgBackRest;
        _command = command;
        _live = live;
        Directory = directory;
        _server = new PostgresServer(new PostgresClusterOptions(directory)
        {
            BinDirectory = live.BinDirectory,
            RunAsUser = live.RunAsUser,
            StartStopTimeout = pgBackRest.Options.RecoveryTimeout,
            Time = live.Time,
        });
    }

    public string Directory { get; }

    /// <summary>A new empty scratch directory, created by the cluster's user.</summary>
    public static async Task<ScratchCluster> CreateAsync(PgBackRest pgBackRest, PostgresCommand command, PostgresClusterOptions live, CancellationToken ct)
    {
        var directory = Path.Combine(PgBackRestFiles.ScratchRoot(pgBackRest.Options), "r-" + Guid.NewGuid().ToString("N")[..8]);
        var socket = Path.Combine(directory, ".s.PGSQL.65535");
        if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.RecoveryFailed,
                $"{directory}: the path is too long for a scratch server's unix socket ({socket} must be at most {MaxSocketPathBytes} bytes); choose a shorter pgBackRest directory.");
        }

        var scratch = new ScratchCluster(pgBackRest, command, live, directory);
        await scratch.MakeEmptyDirectoryAsync(ct);
        return scratch;
    }

    /// <summary>
    /// Restores backup <paramref name="set"/> with recovery to <paramref name="target"/>. Only <paramref name="database"/> and the
    /// built-in databases are restored (the others become sparse zeroed files), unless the backup predates the database.
    /// </summary>
    public async Task RestoreAsync(string set, DateTimeOffset target, string database, CancellationToken ct)
    {
        var result = await _pgBackRest.RestoreAsync(Directory, set, target, database, ct);
        if (result.ExitCode != 0 && result.Output.Contains(DatabaseNotInBackup, StringComparison.Ordinal))
        {
            // Created after the backup: its files come from replaying WAL, so the whole cluster is restored.
            DeleteDirectory(Directory);
            await MakeEmptyDirectoryAsync(ct);
            result = await _pgBackRest.RestoreAsync(Directory, set, target, onlyDatabase: null, ct);
        }

        if (result.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.RecoveryFailed, _pgBackRest.Describe(result, $"restoring base backup {set} into the scratch directory {Directory}"));
        }
    }

    /// <summary>Starts the restored cluster with scratch settings and waits until it has replayed to the target and been promoted.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var settings = Path.Combine(Directory, PostgresConfigFiles.SettingsFileName);
        await File.WriteAllTextAsync(settings, PgBackRestFiles.ScratchSettings(_port, Directory), ct);
        var main = Path.Combine(Directory, "postgresql.conf");
        if (!(await File.ReadAllLinesAsync(main, ct)).Any(l => l.Trim() == PostgresConfigFiles.IncludeLine))
        {
            await File.AppendAllTextAsync(main, $"\n{PostgresConfigFiles.IncludeLine}\n", ct);
        }

        File.SetUnixFileMode(settings, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // The live cluster's startup log came along with the backup; the scratch server's own explains its failures.
        File.Delete(Path.Combine(Directory, PostgresServer.StartupLogName));
        if (_command.RunAsUser is { } user)
        {
            await _command.RunAsSelfCheckedAsync("chown", [user + ":", settings, main], $"giving {settings} to the '{user}' user", ct);
        }

        try
        {
            // Without hot standby pg_ctl -w returns once replay is consistent ("standby"), before the target is reached.
            await _server.StartAsync(ct);
        }
        catch (PostgresAddonException e)
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.RecoveryFailed, "replaying WAL in the scratch cluster failed: " + e.Message, e);
        }

        await WaitUntilPromotedAsync(ct);
    }

    /// <summary>Whether the recovered cluster holds <paramref name="database"/>, i.e. it existed at the target time.</summary>
    public async Task<bool> HasDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand("SELECT pg_is_in_recovery(), EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datallowconn)", connection);
        query.Parameters.Add(new NpgsqlParameter { Value = database });
        await using var reader = await query.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetBoolean(0))
        {
            throw new PointInTimeRecoveryException(PointInTimeRecoveryFailure.RecoveryFailed, $"the scratch cluster in {Directory} reports ready but is still in recovery.");
        }

        return reader.GetBoolean(1);
    }

    /// <summary>pg_dump -Fc of <paramref name="database"/> into <paramref name="output"/>, as the superuser over the scratch socket.</summary>
    public async Task DumpAsync(string database, Stream output, CancellationToken ct)
    {
        var program = Path.Combine(_live.BinDirectory, "pg_dump");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in (string[])["--format=custom", "--host=" + Directory, "--port=" + _port.ToString(CultureInfo.InvariantCulture), "--username=" + PostgresConfigFiles.Superuser, "--dbname=" + database])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        using var dump = Process.Start(start) ?? throw new PostgresAddonException($"{program} could not be started");
        var errors = dump.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await dump.StandardOutput.BaseStream.CopyToAsync(output, ct);
            await dump.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            dump.Kill(entireProcessTree: true);
            throw;
        }

        if (dump.ExitCode != 0)
        {
            throw new PointInTimeRecoveryException(
                PointInTimeRecoveryFailure.RecoveryFailed, $"pg_dump of '{database}' from the scratch cluster exited with code {dump.ExitCode}: {(await errors).Trim()}");
        }
    }

    public async ValueTask DisposeAsync() => await StopAndDeleteAsync(Directory, _command, _live.BinDirectory, CancellationToken.None);

    /// <summary>Stops a scratch cluster if it runs (pg_ctl stop -m immediate, else SIGKILL of its postmaster) and deletes its directory.</summary>
    public static async Task StopAndDeleteAsync(string directory, PostgresCommand command, string binDirectory, CancellationToken ct)
    {
        if (PostmasterPidFile.Read(directory) is { } pid && IsAlive(pid.ProcessId))
        {
            await command.RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["stop", "-D", directory, "-m", "immediate", "-w", "-t", "30", "-s"], asClusterUser: true, ct);
            if (IsAlive(pid.ProcessId))
            {
                // Its backends exit on their own once the postmaster is gone.
                using var postmaster = Process.GetProcessById(pid.ProcessId);
                postmaster.Kill();
                await postmaster.WaitForExitAsync(ct);
            }
        }

        DeleteDirectory(directory);
    }

    private async Task WaitUntilPromotedAsync(CancellationToken ct)
    {
        var time = _live.Time;
        var started = time.GetTimestamp();
        while (true)
        {
            var pidFile = PostmasterPidFile.Read(Directory);
            if (pidFile is null || !IsAlive(pidFile.ProcessId))
            {
                throw new PointInTimeRecoveryException(
                    PointInTimeRecoveryFailure.RecoveryFailed, "the scratch cluster stopped while replaying WAL to the target time:" + _server.ServerLogTail());
            }

            // postmaster.pid's status line turns "ready" once the server runs as a primary (after promotion).
            if (pidFile.Status == "ready")
            {
                return;
            }

            if (time.GetElapsedTime(started) > _pgBackRest.Options.RecoveryTimeout)
            {
                throw new PointInTimeRecoveryException(
                    PointInTimeRecoveryFailure.RecoveryFailed,
                    $"the scratch cluster did not finish replaying WAL within {_pgBackRest.Options.RecoveryTimeout}; raise the recovery timeout or recover from a newer backup:" + _server.ServerLogTail());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }

    private async Task MakeEmptyDirectoryAsync(CancellationToken ct) =>
        await _command.RunCheckedAsync("/bin/mkdir", ["-m", "0700", Directory], $"creating the scratch directory {Directory}", ct);

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Directory,
        Port = _port,
        Username = PostgresConfigFiles.Superuser,
        Database = database,
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;

    private static void DeleteDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A zombie counts as gone: it has exited and only waits to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Only names the socket file: the scratch server binds no TCP port.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
