using System.Diagnostics;

namespace Runway.Addons.Postgres.Pooling;

/// <summary>
/// The PgBouncer of a Runway home: one process in front of the PostgreSQL cluster, serving every pooled app database on 127.0.0.1,
/// run as the cluster's system user. It outlives a daemon restart and is adopted by the next one (same port, same databases).
/// Disposing stops it, as <see cref="StopAsync"/> does.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private static readonly TimeSpan SafeShutdownGrace = TimeSpan.FromSeconds(3);

    private readonly PgBouncerOptions _options;
    private readonly PgBouncerFiles _files;
    private readonly PostgresCommand _command;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PgBouncerState _state;
    private bool _stopped;

    private PgBouncer(PgBouncerOptions options, PgBouncerFiles files, PostgresCommand command, PgBouncerState state, int processId)
    {
        _options = options;
        _files = files;
        _command = command;
        _state = state;
        ProcessId = processId;
    }

    /// <summary>The TCP port on 127.0.0.1; kept across restarts while it stays free.</summary>
    public int Port => _state.Port;

    public int ProcessId { get; private set; }

    public string Directory => _files.Directory;

    public bool IsRunning => !_stopped && PgBouncerProcess.IsBouncerOf(ProcessId, _files.ConfigFile);

    /// <summary>Adopts the pgbouncer an earlier daemon left running on this directory (rewriting its files and reloading it),
    /// or starts one with the databases pooled before.</summary>
    public static async Task<PgBouncer> StartAsync(PgBouncerOptions options, CancellationToken ct)
    {
        if (!File.Exists(options.Program))
        {
            throw new PostgresAddonException($"{options.Program} not found: install PgBouncer (apt-get install pgbouncer) or remove pooling from the add-on.");
        }

        var files = new PgBouncerFiles(options.Directory);
        var command = new PostgresCommand(options.RunAsUser);
        System.IO.Directory.CreateDirectory(files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var state = files.LoadState();
        var leftover = files.ReadPid() is { } pid && PgBouncerProcess.IsBouncerOf(pid, files.ConfigFile) ? pid : (int?)null;
        if (leftover is { } running && state is not null)
        {
            var adopted = new PgBouncer(options, files, command, state, running);
            await adopted.ApplyAsync(ct);
            return adopted;
        }

        if (leftover is { } stray)
        {
            await StopProcessAsync(options, files, command, stray, ct);
        }

        var port = state is not null && LoopbackPorts.IsFree(state.Port) ? state.Port : LoopbackPorts.PickFree();
        var bouncer = new PgBouncer(options, files, command, (state ?? new PgBouncerState(port, [])) with { Port = port }, 0);
        await bouncer.LaunchAsync(ct);
        return bouncer;
    }

    /// <summary>Adds (or updates) the app's database and reloads PgBouncer; returns once the app's role gets a real answer through it.</summary>
    public async Task<PooledPostgresDatabase> AddDatabaseAsync(PostgresDatabase direct, PgBouncerSettings settings, CancellationToken ct)
    {
        var mode = settings.PoolMode ?? throw new ArgumentException("pooling is off in these settings", nameof(settings));
        ObjectDisposedException.ThrowIf(_stopped, this);
        var entry = new PgBouncerEntry(direct.Database, direct.Role, direct.Password, direct.Host, direct.Port, mode, settings.PoolSize);
        var pooled = new PooledPostgresDatabase(direct with { Host = Host, Port = Port }, direct);
        await _gate.WaitAsync(ct);
        try
        {
            var changed = !_state.Entries.Contains(entry);
            _state = _state.With(entry);
            if (!PgBouncerProcess.IsBouncerOf(ProcessId, _files.ConfigFile))
            {
                await LaunchAsync(ct);
            }
            else if (changed)
            {
                await ApplyAsync(ct);
            }
        }
        finally
        {
            _gate.Release();
        }

        // SIGHUP is handled asynchronously: wait until the new entry answers.
        var started = _options.Time.GetTimestamp();
        while (true)
        {
            var health = await CheckHealthAsync(pooled, ct);
            if (health.Healthy)
            {
                return pooled;
            }

            if (_options.Time.GetElapsedTime(started) >= _options.StartStopTimeout)
            {
                throw new PostgresAddonException($"database '{direct.Database}' does not answer through PgBouncer on {Host}:{Port}: {health.Problem}{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _options.Time, ct);
        }
    }

    /// <summary>A real query (SELECT 1) through PgBouncer with the app's own role, as the app connects.</summary>
    public Task<PostgresHealth> CheckHealthAsync(PooledPostgresDatabase database, CancellationToken ct) =>
        _stopped
            ? Task.FromResult(new PostgresHealth(false, TimeSpan.Zero, $"PgBouncer in {Directory} is stopped"))
            : PostgresHealthProbe.CheckAsync(database.Pooled, _options.HealthTimeout, _options.Time, ct);

    /// <summary>SIGINT (safe shutdown), then SIGTERM (immediate) and SIGKILL if it lingers; by pid only.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_stopped)
            {
                await StopProcessAsync(_options, _files, _command, ProcessId, ct);
                _stopped = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _gate.Dispose();
    }

    /// <summary>Writes the files, gives them to the cluster's user and reloads the running process (SIGHUP).</summary>
    private async Task ApplyAsync(CancellationToken ct)
    {
        await WriteFilesAsync(ct);
        await PgBouncerProcess.SignalAsync(_command, ProcessId, "HUP", _files.ConfigFile, ct);
    }

    private async Task WriteFilesAsync(CancellationToken ct)
    {
        var written = _files.Write(_state, _options.MaxClientConnections);
        if (_options.RunAsUser is { } user)
        {
            await _command.RunAsSelfCheckedAsync("chown", [user + ":", _files.Directory, .. written], $"giving {_files.Directory} to the '{user}' user", ct);
        }
    }

    /// <summary>pgbouncer -d (it forks and writes its pid file), then waits until it listens.</summary>
    private async Task LaunchAsync(CancellationToken ct)
    {
        await WriteFilesAsync(ct);
        File.Delete(_files.PidFile);
        await _command.RunCheckedAsync(_options.Program, ["-d", "-q", _files.ConfigFile], $"starting PgBouncer in {Directory}", ct);
        var started = _options.Time.GetTimestamp();
        while (true)
        {
            if (_files.ReadPid() is { } pid && PgBouncerProcess.IsBouncerOf(pid, _files.ConfigFile) && await PgBouncerProcess.AcceptsAsync(Port, ct))
            {
                ProcessId = pid;
                return;
            }

            if (_options.Time.GetElapsedTime(started) >= _options.StartStopTimeout)
            {
                if (_files.ReadPid() is { } stray)
                {
                    await StopProcessAsync(_options, _files, _command, stray, ct);
                }

                throw new PostgresAddonException($"PgBouncer in {Directory} did not listen on {Host}:{Port} within {_options.StartStopTimeout.TotalSeconds:0} s{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _options.Time, ct);
        }
    }

    private static async Task StopProcessAsync(PgBouncerOptions options, PgBouncerFiles files, PostgresCommand command, int pid, CancellationToken ct)
    {
        foreach (var signal in (string[])["INT", "TERM"])
        {
            await PgBouncerProcess.SignalAsync(command, pid, signal, files.ConfigFile, ct);
            var grace = signal == "INT" ? SafeShutdownGrace : options.StartStopTimeout;
            if (await PgBouncerProcess.WaitForExitAsync(pid, files.ConfigFile, grace, options.Time, ct))
            {
                return;
            }
        }

        if (PgBouncerProcess.IsBouncerOf(pid, files.ConfigFile))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
    }

    private string LogTail() => _files.LogTail() is { Length: > 0 } tail ? $"\n{_files.LogFile}:\n{tail}" : "";
}
