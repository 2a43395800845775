using System.Globalization;
using System.Net.Sockets;

namespace Runway.Addons.Redis;

public sealed partial class RedisServer
{
    /// <summary>SHUTDOWN (SAVE with rdb, the AOF's final fsync with aof, NOSAVE with none), then waits for the process;
    /// SIGKILL after <see cref="RedisServerOptions.StopGrace"/>. Stopping a stopped server does nothing.</summary>
    /// <exception cref="RedisAddonException">Redis refused SHUTDOWN (e.g. its final save failed) and was killed.</exception>
    public async Task StopAsync(CancellationToken ct)
    {
        await _stopGate.WaitAsync(ct);
        try
        {
            if (_stopped)
            {
                return;
            }

            var refusal = await SendShutdownAsync(ct);
            var time = _options.Time;
            if (!await RedisProcess.WaitForExitAsync(ProcessId, _options.StopGrace, time, ct))
            {
                RedisProcess.Kill(ProcessId, _files.Directory);
                if (!await RedisProcess.WaitForExitAsync(ProcessId, TimeSpan.FromSeconds(5), time, ct))
                {
                    throw new RedisAddonException($"redis add-on {Name}: redis-server (pid {ProcessId}) did not end even after SIGKILL");
                }

                File.Delete(_files.PidFile);
            }

            _process?.Dispose();
            _process = null;
            _stopped = true;
            if (refusal is not null)
            {
                throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture,
                    $"redis add-on {Name}: Redis refused SHUTDOWN ({refusal}) and was killed after {_options.StopGrace.TotalSeconds:0} s, so writes since its last save may be lost; see {_files.LogFile}"));
            }
        }
        finally
        {
            _stopGate.Release();
        }
    }

    /// <summary>Null when SHUTDOWN was accepted or could not be delivered (the grace and SIGKILL follow), else Redis' error.</summary>
    private async Task<string?> SendShutdownAsync(CancellationToken ct)
    {
        if (!RedisProcess.IsServerOf(ProcessId, _files.Directory))
        {
            return null;
        }

        try
        {
            await using var client = await ConnectAsync(_options.CommandTimeout, ct);
            IReadOnlyList<string> command = Settings.Persistence switch
            {
                RedisPersistence.Rdb => ["SHUTDOWN", "SAVE"],
                RedisPersistence.None => ["SHUTDOWN", "NOSAVE"],
                _ => ["SHUTDOWN"], // with appendonly yes and no save points: fsync the AOF, write no RDB
            };
            var reply = await client.SendAsync(command, ct);
            return reply.IsError ? reply.Text : null; // on success the server closes the connection without a reply
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException)
        {
            return null;
        }
    }
}
