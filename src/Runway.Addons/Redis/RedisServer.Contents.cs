using System.Globalization;
using System.Net.Sockets;
using Runway.Addons.Backups;

namespace Runway.Addons.Redis;

public sealed partial class RedisServer
{
    /// <summary>What the server holds now: the key count of every database (INFO keyspace, as DBSIZE counts them) and
    /// <c>DEBUG DIGEST</c> (null when the server does not allow DEBUG, e.g. one started before redis.conf enabled it).</summary>
    /// <exception cref="RedisAddonException">The server could not be reached.</exception>
    internal async Task<BackupManifest> ReadContentsAsync(CancellationToken ct)
    {
        try
        {
            await using var client = await ConnectAsync(_options.SnapshotTimeout, ct);
            return await ReadContentsAsync(client, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException)
        {
            throw new RedisAddonException($"redis add-on {Name}: could not read its key counts: {ex.Message}", ex);
        }
    }

    /// <summary>A snapshot for a backup and the manifest of the same instant: other clients' writes are held (CLIENT PAUSE
    /// WRITE, which also holds key expiry and eviction; Redis 6.2+) while the contents are read and the RDB is saved, so
    /// the digest describes exactly the snapshot. Writes wait, they do not fail.</summary>
    /// <exception cref="RedisAddonException">The server could not be reached or the save failed.</exception>
    internal Task<BackupManifest> SnapshotWithContentsAsync(string destinationFile, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFile);
        return WithinSnapshotTimeoutAsync(async token =>
        {
            await using var client = await ConnectAsync(_options.SnapshotTimeout, token);
            // The pause ends by itself after the snapshot timeout should Runway die before UNPAUSE.
            var pause = ((long)_options.SnapshotTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await client.ExecuteAsync(["CLIENT", "PAUSE", pause, "WRITE"], token);
            try
            {
                var manifest = await ReadContentsAsync(client, token);
                await RedisSnapshot.TakeAsync(client, _files, destinationFile, _options.Time, token);
                return manifest;
            }
            finally
            {
                await UnpauseAsync(client);
            }
        }, ct);
    }

    private static async Task<BackupManifest> ReadContentsAsync(RespClient client, CancellationToken ct)
    {
        var keyspaces = new List<RedisKeyspaceManifest>();
        foreach (var (field, value) in RedisInfo.Parse((await client.ExecuteAsync(["INFO", "keyspace"], ct)).Text))
        {
            // INFO keyspace: "db0:keys=3,expires=1,avg_ttl=0" for every database that holds keys.
            var keys = value.Split(',').FirstOrDefault(p => p.StartsWith("keys=", StringComparison.Ordinal));
            if (field.StartsWith("db", StringComparison.Ordinal) && int.TryParse(field.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var database) &&
                keys is not null && long.TryParse(keys.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                keyspaces.Add(new RedisKeyspaceManifest(database, count));
            }
        }

        // DEBUG is refused unless redis.conf has enable-debug-command (local here); without it only the counts are compared.
        var digest = await client.SendAsync(["DEBUG", "DIGEST"], ct);
        return new BackupManifest
        {
            Keyspaces = [.. keyspaces.OrderBy(k => k.Database)],
            RedisDigest = digest.IsError ? null : digest.Text,
        };
    }

    private async Task UnpauseAsync(RespClient client)
    {
        try
        {
            await client.ExecuteAsync(["CLIENT", "UNPAUSE"], CancellationToken.None);
            return;
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException or ObjectDisposedException)
        {
            // The connection broke; a new one lifts the pause.
        }

        try
        {
            await using var another = await ConnectAsync(_options.CommandTimeout, CancellationToken.None);
            await another.ExecuteAsync(["CLIENT", "UNPAUSE"], CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or SocketException or RespErrorException)
        {
            // The pause still ends by its own timeout.
        }
    }
}
