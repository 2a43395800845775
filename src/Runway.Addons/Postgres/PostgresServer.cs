using System.Globalization;
using System.Text;

namespace Runway.Addons.Postgres;

/// <summary>The cluster's server process and files: initdb, configuration, pg_ctl start/status/stop, as the cluster's system user.</summary>
internal sealed class PostgresServer
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>sizeof(sockaddr_un.sun_path) - 1 on Linux: longer socket paths cannot be bound.</summary>
    private const int MaxSocketPathBytes = 107;

    public const string StartupLogName = "startup.log";

    /// <summary>Characters that postgresql.conf's list syntax (unix_socket_directories) and our quoting cannot carry.</summary>
    private static readonly System.Buffers.SearchValues<char> UnsafePathCharacters = System.Buffers.SearchValues.Create("',\"\n\r\0");

    private readonly PostgresClusterOptions _options;
    private readonly PostgresCommand _command;

    public PostgresServer(PostgresClusterOptions options)
    {
        _options = options;
        _command = new PostgresCommand(options.RunAsUser);
        DataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
    }

    public string DataDirectory { get; }

    /// <summary>The unix socket lives in the data directory itself, which PostgreSQL keeps at mode 0700.</summary>
    public string SocketDirectory => DataDirectory;

    /// <summary>The system user whose processes run the server.</summary>
    public string ClusterSystemUser => _options.RunAsUser ?? Environment.UserName;

    private string Program(string name) => Path.Combine(_options.BinDirectory, name);

    private string Timeout => ((int)Math.Ceiling(_options.StartStopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Fails early, with the fix, on what would otherwise fail deep inside initdb or the server.</summary>
    public void CheckPrerequisites()
    {
        foreach (var name in (string[])["initdb", "pg_ctl", "postgres"])
        {
            if (!File.Exists(Program(name)))
            {
                throw new PostgresAddonException($"{Program(name)} not found: install PostgreSQL 15 (apt-get install postgresql-15) or set the add-on's bin directory.");
            }
        }

        if (DataDirectory.AsSpan().IndexOfAny(UnsafePathCharacters) >= 0)
        {
            throw new PostgresAddonException($"{DataDirectory}: a PostgreSQL data directory path cannot contain quotes, commas or line breaks; choose another Runway home.");
        }

        var socket = Path.Combine(SocketDirectory, ".s.PGSQL.65535");
        if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes)
        {
            throw new PostgresAddonException(
                $"{DataDirectory}: the path is too long for the server's unix socket ({socket} must be at most {MaxSocketPathBytes} bytes); choose a shorter Runway home.");
        }
    }

    /// <summary>Runs initdb when the data directory is missing or empty; true when it did.</summary>
    public async Task<bool> InitialiseIfEmptyAsync(CancellationToken ct)
    {
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            await CheckExistingClusterAsync(ct);
            return false;
        }

        // Parents get the default mode: the cluster's user must be able to pass through them.
        Directory.CreateDirectory(Path.GetDirectoryName(DataDirectory)!);
        Directory.CreateDirectory(DataDirectory, OwnerOnly);
        File.SetUnixFileMode(DataDirectory, OwnerOnly);
        if (_options.RunAsUser is { } user)
        {
            await _command.RunAsSelfCheckedAsync("chown", [user + ":", DataDirectory], $"giving {DataDirectory} to the '{user}' user", ct);
            var reach = await _command.RunAsync("/usr/bin/test", ["-w", DataDirectory], asClusterUser: true, ct);
            if (reach.ExitCode != 0)
            {
                throw new PostgresAddonException(
                    $"{DataDirectory}: the '{user}' user cannot reach the data directory, so PostgreSQL cannot use it; a parent directory is not searchable by that user "
                    + $"(e.g. /root is 0700). Use a Runway home outside it (RUNWAY_HOME=/var/lib/runway) or allow it (chmod o+x on each parent).");
            }
        }

        // Fixed locale and encoding so the cluster does not depend on the environment Runway was started from; checksums for backup verification.
        await _command.RunCheckedAsync(
            Program("initdb"),
            ["-D", DataDirectory, "-U", PostgresConfigFiles.Superuser, "--encoding=UTF8", "--locale=C.UTF-8", "--data-checksums", "--auth-local=peer", "--auth-host=scram-sha-256"],
            $"creating the PostgreSQL cluster in {DataDirectory}",
            ct);
        return true;
    }

    private async Task CheckExistingClusterAsync(CancellationToken ct)
    {
        var versionFile = Path.Combine(DataDirectory, "PG_VERSION");
        if (!File.Exists(versionFile))
        {
            throw new PostgresAddonException($"{DataDirectory} is not empty and is not a PostgreSQL data directory (no PG_VERSION); empty it or choose another directory.");
        }

        var dataVersion = File.ReadAllText(versionFile).Trim();
        var reported = await _command.RunCheckedAsync(Program("pg_ctl"), ["--version"], "reading the PostgreSQL version", ct);
        // "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the major version is the part before the first dot.
        var words = reported.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var binaryMajor = words.Length > 2 ? words[2].Split('.')[0] : "";
        if (binaryMajor != dataVersion)
        {
            throw new PostgresAddonException(
                $"{DataDirectory} holds a PostgreSQL {dataVersion} cluster but {_options.BinDirectory} is PostgreSQL {binaryMajor}; upgrade it with pg_upgrade or point the bin directory at version {dataVersion}.");
        }
    }

    /// <summary>The running server of this data directory, if any (pg_ctl status: 0 running, 3 not running).</summary>
    public async Task<PostmasterPidFile?> FindRunningAsync(CancellationToken ct)
    {
        var status = await _command.RunAsync(Program("pg_ctl"), ["status", "-D", DataDirectory], asClusterUser: true, ct);
        return status.ExitCode switch
        {
            0 => PostmasterPidFile.Read(DataDirectory)
                ?? throw new PostgresAddonException($"{DataDirectory}: pg_ctl reports a running server but {PostmasterPidFile.FileName} cannot be read."),
            3 => null,
            _ => throw _command.Failure(status, $"checking whether the PostgreSQL server of {DataDirectory} runs"),
        };
    }

    /// <summary>Writes runway.conf, pg_hba.conf and pg_ident.conf and makes postgresql.conf include runway.conf.</summary>
    public async Task WriteConfigurationAsync(int port, PostgresTuning tuning, IReadOnlyList<string>? archiveSettings, CancellationToken ct)
    {
        var settings = Path.Combine(DataDirectory, PostgresConfigFiles.SettingsFileName);
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        var ident = Path.Combine(DataDirectory, "pg_ident.conf");
        await File.WriteAllTextAsync(settings, PostgresConfigFiles.Settings(tuning, port, SocketDirectory, archiveSettings), ct);
        await File.WriteAllTextAsync(hba, PostgresConfigFiles.HostBasedAuthentication(), ct);
        await File.WriteAllTextAsync(ident, PostgresConfigFiles.IdentMap(ClusterSystemUser), ct);
        var main = Path.Combine(DataDirectory, "postgresql.conf");
        var lines = await File.ReadAllLinesAsync(main, ct);
        if (!lines.Any(l => l.Trim() == PostgresConfigFiles.IncludeLine))
        {
            await File.AppendAllTextAsync(main, $"\n# Runway's settings (rewritten on every start).\n{PostgresConfigFiles.IncludeLine}\n", ct);
        }

        foreach (var file in (string[])[settings, hba, ident])
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (_options.RunAsUser is { } user)
        {
            await _command.RunAsSelfCheckedAsync("chown", [user + ":", settings, hba, ident], $"giving the configuration in {DataDirectory} to the '{user}' user", ct);
        }
    }

    /// <summary>pg_ctl start -w: returns once the server accepts connections.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var startupLog = Path.Combine(DataDirectory, StartupLogName);
        var result = await _command.RunAsync(
            Program("pg_ctl"), ["start", "-D", DataDirectory, "-l", startupLog, "-w", "-t", Timeout, "-s"], asClusterUser: true, ct);
        if (result.ExitCode != 0)
        {
            var failure = _command.Failure(result, $"starting the PostgreSQL server of {DataDirectory}");
            throw new PostgresAddonException(failure.Message + ServerLogTail());
        }
    }

    /// <summary>pg_ctl stop -m fast: disconnects clients, rolls back their transactions, checkpoints and exits.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        var result = await _command.RunAsync(Program("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", Timeout, "-s"], asClusterUser: true, ct);
        if (result.ExitCode != 0 && await FindRunningAsync(ct) is not null)
        {
            throw _command.Failure(result, $"stopping the PostgreSQL server of {DataDirectory}");
        }
    }

    /// <summary>The end of the startup log and of the newest server log, where PostgreSQL explains why it did not start.</summary>
    public string ServerLogTail()
    {
        var logs = new List<string> { Path.Combine(DataDirectory, StartupLogName) };
        var logDirectory = Path.Combine(DataDirectory, "log");
        if (Directory.Exists(logDirectory))
        {
            logs.AddRange(new DirectoryInfo(logDirectory).GetFiles().OrderByDescending(f => f.LastWriteTimeUtc).Take(1).Select(f => f.FullName));
        }

        var text = new StringBuilder();
        foreach (var log in logs.Where(File.Exists))
        {
            var tail = File.ReadLines(log).TakeLast(15).ToList();
            if (tail.Count > 0)
            {
                text.Append('\n').Append(log).Append(":\n").AppendJoin('\n', tail);
            }
        }

        return text.ToString();
    }
}
