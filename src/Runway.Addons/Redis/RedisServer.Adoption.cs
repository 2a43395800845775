using System.Globalization;
using System.Net.Sockets;

namespace Runway.Addons.Redis;

public sealed partial class RedisServer
{
    /// <summary>Takes over the server that already runs from the directory (its pid file names a live redis-server working
    /// there): Runway restarted while the server kept running. It must answer with the stored password; the settings are
    /// applied with CONFIG SET and written to redis.conf. Returns false after stopping it when another port was asked for.</summary>
    /// <exception cref="RedisAddonException">It runs but cannot be used (no port in redis.conf, another password, no answer).</exception>
    private async Task<bool> AdoptAsync(int? wantedPort, CancellationToken ct)
    {
        if (Port == 0)
        {
            throw new RedisAddonException($"redis add-on {Name}: a redis-server (pid {ProcessId}) already runs from {Directory} but its redis.conf names no port; stop it (kill {ProcessId}) and start again");
        }

        if (wantedPort is { } wanted && wanted != Port)
        {
            await StopAsync(ct);
            return false;
        }

        await WaitUntilReadyAsync(() => RedisProcess.IsAlive(ProcessId) ? null : "ended", _files.LogLength(), ct);
        RedisPersistence running;
        try
        {
            await using var client = await ConnectAsync(_options.CommandTimeout, ct);
            await client.ExecuteAsync(["CONFIG", "SET", "maxmemory", Settings.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture)], ct);
            await client.ExecuteAsync(["CONFIG", "SET", "maxmemory-policy", Settings.EvictionPolicy], ct);
            var appendOnly = (await client.ExecuteAsync(["CONFIG", "GET", "appendonly"], ct)).Items[1].Text;
            running = appendOnly == "yes" ? RedisPersistence.Aof : RedisDataSwitch.Previous(_files) is RedisPersistence.None ? RedisPersistence.None : RedisPersistence.Rdb;
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException or ArgumentOutOfRangeException)
        {
            throw new RedisAddonException($"redis add-on {Name}: the running redis-server (pid {ProcessId}, port {Port}) did not take the settings: {ex.Message}", ex);
        }

        await SwitchPersistenceAsync(running, ct); // also writes redis.conf
        RedisDataSwitch.Record(_files, Settings.Persistence);
        return true;
    }
}
