using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Runway.Addons.Redis;

/// <summary>One managed Redis: its own redis-server on 127.0.0.1 with a password, a memory limit and eviction policy,
/// and AOF or RDB persistence, all kept in its directory. Disposing it stops the server.</summary>
public sealed partial class RedisServer : IAsyncDisposable
{
    private readonly RedisFiles _files;
    private readonly RedisServerOptions _options;
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private Process? _process;
    private bool _stopped;

    private RedisServer(string name, RedisFiles files, RedisSettings settings, RedisServerOptions options, int port, string password, int processId, Process? process)
    {
        Name = name;
        _files = files;
        Settings = settings;
        _options = options;
        Port = port;
        Password = password;
        ProcessId = processId;
        _process = process;
    }

    /// <summary>The add-on's name, used in messages.</summary>
    public string Name { get; }

    /// <summary>Where redis.conf, the password, the log and the data live (full path, links resolved).</summary>
    public string Directory => _files.Directory;

    public RedisSettings Settings { get; }

    public int Port { get; }

    public string Password { get; }

    public int ProcessId { get; }

    /// <summary>True when the server was already running from the directory (started before Runway restarted) and was taken over.</summary>
    public bool Adopted => _process is null;

    /// <summary>True while the server's process runs (it may have crashed or been killed since it started).</summary>
    public bool IsRunning => !_stopped && RedisProcess.IsServerOf(ProcessId, _files.Directory);

    /// <summary>REDIS_URL: the `default` user with the password, on loopback, as Railway writes it. redis-cli needs the user
    /// named: with an empty one it authenticates as user "" and is refused.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"redis://default:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}");

    /// <summary>The variables an app using this add-on receives, named as Railway's Redis service publishes them.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["REDIS_URL"] = Url,
        ["REDISHOST"] = "127.0.0.1",
        ["REDISPORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["REDISUSER"] = "default",
        ["REDISPASSWORD"] = Password,
    };

    public static Task<RedisServer> StartAsync(string directory, string name, RedisSettings settings, int? port, CancellationToken ct) =>
        StartAsync(directory, name, settings, port, RedisServerOptions.Default, ct);

    /// <summary>Writes redis.conf in <paramref name="directory"/> and starts redis-server on it (as the redis user when Runway
    /// is root), or takes over the server already running from that directory; returns once PING answers PONG.
    /// <paramref name="port"/> null keeps the previous start's port when it is free, else the OS picks one.</summary>
    /// <exception cref="RedisAddonException">redis-server is missing, could not start, or did not answer in time (with the end of its log).</exception>
    public static async Task<RedisServer> StartAsync(string directory, string name, RedisSettings settings, int? port, RedisServerOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (settings.Validate() is { } invalid)
        {
            throw new ArgumentException($"redis add-on {name}: {invalid}", nameof(settings));
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "a TCP port is 1 to 65535");
        }

        var host = RedisHost.Detect();
        var files = RedisFiles.Prepare(directory);
        var password = files.LoadOrCreatePassword();
        var previousPort = RedisConfigFile.ReadPort(files.ConfigFile);
        if (files.ReadPid() is { } pid)
        {
            if (RedisProcess.IsServerOf(pid, files.Directory))
            {
                var running = new RedisServer(name, files, settings, options, previousPort ?? 0, password, pid, process: null);
                if (await running.AdoptAsync(port, ct))
                {
                    return running;
                }
            }

            files.DeletePidFile();
        }

        var chosenPort = port ?? (previousPort is { } previous && LoopbackPorts.IsFree(previous) ? previous : LoopbackPorts.PickFree());
        var boot = RedisDataSwitch.Boot(files, RedisDataSwitch.Previous(files), settings.Persistence);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LaunchAsync(host, files, name, settings, boot, options, chosenPort, password, ct);
            }
            catch (RedisAddonException ex) when (port is null && attempt < 3 && ex.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                chosenPort = LoopbackPorts.PickFree(); // another process took the port between our check and redis' bind
            }
        }
    }

    private static async Task<RedisServer> LaunchAsync(
        RedisHost host, RedisFiles files, string name, RedisSettings settings, RedisPersistence boot, RedisServerOptions options, int port, string password, CancellationToken ct)
    {
        RedisFiles.WriteOwnerOnly(files.ConfigFile, RedisConfigFile.Render(name, files, port, password, settings with { Persistence = boot }));
        var logOffset = files.PrepareLog();
        if (host.RunAs is { } user)
        {
            await RedisLauncher.GiveDirectoryAsync(files, user, ct);
        }

        var process = RedisLauncher.Start(host, files);
        var server = new RedisServer(name, files, settings, options, port, password, process.Id, process);
        try
        {
            await server.WaitUntilReadyAsync(() => process.HasExited ? $"exited with code {process.ExitCode}" : null, logOffset, ct);
            if (boot != settings.Persistence)
            {
                await server.SwitchPersistenceAsync(boot, ct);
            }

            RedisDataSwitch.Record(files, settings.Persistence);
            return server;
        }
        catch
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Health: an authenticated PING answered PONG within <see cref="RedisServerOptions.PingTimeout"/>; the latency
    /// covers connect, AUTH and PING, as an app's first command would see it.</summary>
    public async Task<HealthResult> PingAsync(CancellationToken ct)
    {
        var time = _options.Time;
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.PingTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await using var client = await ConnectAsync(_options.PingTimeout, linked.Token);
            var reply = await client.SendAsync(["PING"], linked.Token);
            var latency = time.GetElapsedTime(started);
            return reply.IsText("PONG")
                ? new HealthResult(true, latency, string.Create(CultureInfo.InvariantCulture, $"PONG in {latency.TotalMilliseconds:0.0} ms"))
                : new HealthResult(false, latency, $"PING answered {reply}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or IOException or SocketException or RespErrorException or ObjectDisposedException)
        {
            var reason = ex is OperationCanceledException ? string.Create(CultureInfo.InvariantCulture, $"no PONG within {_options.PingTimeout.TotalSeconds:0.###} s") : ex.Message;
            return new HealthResult(false, time.GetElapsedTime(started), $"redis on 127.0.0.1:{Port}: {reason}");
        }
    }

    /// <summary>For backups: BGSAVE, wait until it has finished, copy dump.rdb to <paramref name="destinationFile"/>
    /// (atomically, directories created); returns its full path.</summary>
    /// <exception cref="RedisAddonException">The server could not be reached or the save failed.</exception>
    public Task<string> SnapshotAsync(string destinationFile, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFile);
        return WithinSnapshotTimeoutAsync(async token =>
        {
            await using var client = await ConnectAsync(_options.CommandTimeout, token);
            return await RedisSnapshot.TakeAsync(client, _files, destinationFile, _options.Time, token);
        }, ct);
    }

    /// <summary>Runs a snapshot under <see cref="RedisServerOptions.SnapshotTimeout"/>; every way it can fail becomes a
    /// <see cref="RedisAddonException"/> saying there is no snapshot and why (a timeout names the server's log).</summary>
    private async Task<T> WithinSnapshotTimeoutAsync<T>(Func<CancellationToken, Task<T>> snapshot, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(_options.SnapshotTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await snapshot(linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture, $"redis add-on {Name}: the snapshot did not finish within {_options.SnapshotTimeout.TotalSeconds:0} s; see {_files.LogFile}"));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException or UnauthorizedAccessException)
        {
            throw new RedisAddonException($"redis add-on {Name}: no snapshot: {ex.Message}", ex);
        }
        catch (RedisAddonException ex)
        {
            throw new RedisAddonException($"redis add-on {Name}: no snapshot: {ex.Message}", ex);
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>); a refused SHUTDOWN is not rethrown here, the process is gone either way.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (RedisAddonException)
        {
            // Reported by StopAsync to callers that stop explicitly.
        }
    }

    /// <summary>An authenticated connection to this server.</summary>
    internal async Task<RespClient> ConnectAsync(TimeSpan timeout, CancellationToken ct)
    {
        var client = await RespClient.ConnectAsync(IPAddress.Loopback, Port, timeout, _options.Time, ct);
        try
        {
            await client.AuthenticateAsync(Password, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Moves the running server's data from <paramref name="from"/> to <see cref="Settings"/>' persistence and
    /// writes that into redis.conf for the next start.</summary>
    private async Task SwitchPersistenceAsync(RedisPersistence from, CancellationToken ct)
    {
        try
        {
            await using var client = await ConnectAsync(_options.CommandTimeout, ct);
            await RedisDataSwitch.SwitchAsync(client, from, Settings.Persistence, _options.Time, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException or RedisAddonException)
        {
            throw new RedisAddonException($"redis add-on {Name}: could not move the data from {from} to {Settings.Persistence} persistence: {ex.Message}", ex);
        }

        RedisFiles.WriteOwnerOnly(_files.ConfigFile, RedisConfigFile.Render(Name, _files, Port, Password, Settings));
    }

    /// <summary>Polls an authenticated PING until PONG; <paramref name="exitReason"/> says when the process has ended.</summary>
    private async Task WaitUntilReadyAsync(Func<string?> exitReason, long logOffset, CancellationToken ct)
    {
        var time = _options.Time;
        var started = time.GetTimestamp();
        var last = "no answer yet";
        while (true)
        {
            if (exitReason() is { } exit)
            {
                throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture,
                    $"redis add-on {Name}: redis-server {exit} before it answered PING on 127.0.0.1:{Port}; the end of {_files.LogFile}:\n{_files.LogSince(logOffset)}"));
            }

            try
            {
                // A short timeout per attempt: something else that accepts on the port but never answers must not hide
                // for long that our server has already exited.
                await using var client = await ConnectAsync(TimeSpan.FromSeconds(1), ct);
                var reply = await client.SendAsync(["PING"], ct);
                if (reply.IsText("PONG"))
                {
                    return;
                }

                last = reply.ToString(); // e.g. LOADING while a large data set is read
            }
            catch (RespErrorException ex) when (ex.Reply.StartsWith("WRONGPASS", StringComparison.Ordinal))
            {
                throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture,
                    $"redis add-on {Name}: the Redis on 127.0.0.1:{Port} refuses the password in {_files.PasswordFile} ({ex.Reply}); another Redis may hold that port, or the file was replaced while the server ran"), ex);
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException)
            {
                last = ex.Message;
            }

            if (time.GetElapsedTime(started) >= _options.StartTimeout)
            {
                throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture,
                    $"redis add-on {Name}: redis-server did not answer PING with PONG on 127.0.0.1:{Port} within {_options.StartTimeout.TotalSeconds:0} s (last: {last}); the end of {_files.LogFile}:\n{_files.LogSince(logOffset)}"));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct);
        }
    }
}
