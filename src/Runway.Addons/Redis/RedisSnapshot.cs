using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>Takes an RDB snapshot of a running server for a backup: BGSAVE, wait until it has finished, copy dump.rdb.</summary>
internal static class RedisSnapshot
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Every RDB file starts with "REDIS" and a four-digit version (RDB format, "Magic Number").</summary>
    private static readonly byte[] RdbMagic = "REDIS"u8.ToArray();

    public static async Task<string> TakeAsync(RespClient client, RedisFiles files, string destinationFile, TimeProvider time, CancellationToken cancellationToken)
    {
        var destination = Path.GetFullPath(destinationFile);
        var lastSaveBefore = (await client.ExecuteAsync(["LASTSAVE"], cancellationToken)).Integer;
        var savesBefore = Saves(await InfoAsync(client, cancellationToken));

        // BGSAVE SCHEDULE waits for a running AOF rewrite instead of failing; a save that is already running may predate
        // this call, so it is waited out and a new one asked for.
        bool started;
        while (true)
        {
            var reply = await client.SendAsync(["BGSAVE", "SCHEDULE"], cancellationToken);
            if (!reply.IsError)
            {
                started = reply.Text.Contains("started", StringComparison.OrdinalIgnoreCase);
                break;
            }

            if (!reply.Text.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                throw new RedisAddonException($"Redis refused BGSAVE: {reply.Text}");
            }

            await WaitForIdleAsync(client, time, cancellationToken);
        }

        // "started" means the child was forked before the reply, so the next idle moment is its end; a scheduled save has
        // ended when LASTSAVE (seconds) or the count of saves moved.
        while (true)
        {
            var info = await InfoAsync(client, cancellationToken);
            if (info.GetValueOrDefault("rdb_bgsave_in_progress") == "0")
            {
                var lastSave = (await client.ExecuteAsync(["LASTSAVE"], cancellationToken)).Integer;
                var finished = started || lastSave != lastSaveBefore || Saves(info) > savesBefore;
                if (finished && info.GetValueOrDefault("rdb_last_bgsave_status") is { } status && status != "ok")
                {
                    throw new RedisAddonException($"the background save failed (rdb_last_bgsave_status:{status}); see {files.LogFile}");
                }

                if (finished)
                {
                    break;
                }
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return Copy(files.RdbFile, destination);
    }

    /// <summary>True when <paramref name="path"/> starts with the RDB magic.</summary>
    public static bool IsRdb(string path)
    {
        var header = new byte[RdbMagic.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.AsSpan().SequenceEqual(RdbMagic);
    }

    /// <summary>Copies the snapshot next to its destination first, checks it is an RDB file, then moves it into place.</summary>
    private static string Copy(string rdbFile, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + ".partial";
        File.Copy(rdbFile, temporary, overwrite: true);
        if (!IsRdb(temporary))
        {
            File.Delete(temporary);
            throw new RedisAddonException($"{rdbFile} does not start with \"REDIS\", so it is not an RDB snapshot");
        }

        File.Move(temporary, destination, overwrite: true);
        return destination;
    }

    private static async Task WaitForIdleAsync(RespClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        while ((await InfoAsync(client, cancellationToken)).GetValueOrDefault("rdb_bgsave_in_progress") != "0")
        {
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> InfoAsync(RespClient client, CancellationToken cancellationToken) =>
        RedisInfo.Parse((await client.ExecuteAsync(["INFO", "persistence"], cancellationToken)).Text);

    /// <summary>rdb_saves (Redis 7); -1 where the server does not report it.</summary>
    private static long Saves(IReadOnlyDictionary<string, string> info) =>
        long.TryParse(info.GetValueOrDefault("rdb_saves"), NumberStyles.None, CultureInfo.InvariantCulture, out var saves) ? saves : -1;
}
