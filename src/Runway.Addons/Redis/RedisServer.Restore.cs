namespace Runway.Addons.Redis;

public sealed partial class RedisServer
{
    /// <summary>Puts an RDB snapshot (from <see cref="SnapshotAsync"/>) in place of the data of the stopped add-on in
    /// <paramref name="directory"/>: it becomes dump.rdb and the AOF is removed, so the next <see cref="StartAsync(string, string, RedisSettings, int?, CancellationToken)"/>
    /// loads it (and, with aof persistence, writes a new AOF from it).</summary>
    /// <exception cref="RedisAddonException">The file is not an RDB snapshot, or a server still runs from the directory.</exception>
    public static void RestoreSnapshot(string directory, string snapshotFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotFile);
        var files = RedisFiles.Prepare(directory);
        if (files.ReadPid() is { } pid && RedisProcess.IsServerOf(pid, files.Directory))
        {
            throw new RedisAddonException($"redis-server (pid {pid}) still runs from {files.Directory}: stop the add-on before restoring into it");
        }

        if (!RedisSnapshot.IsRdb(snapshotFile))
        {
            throw new RedisAddonException($"{snapshotFile} is not an RDB snapshot (it does not start with \"REDIS\")");
        }

        var temporary = files.RdbFile + ".partial";
        File.Copy(snapshotFile, temporary, overwrite: true);
        RedisDataSwitch.Forget(files);
        File.Move(temporary, files.RdbFile, overwrite: true);
    }
}
