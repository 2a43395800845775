using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Runway.Addons.Redis;

/// <summary>The files of one managed Redis, all in its own directory (mode 0700): redis.conf, the password, the pid file
/// Redis writes, its log, and its data (dump.rdb, appendonlydir/).</summary>
internal sealed class RedisFiles
{
    public const string RdbFileName = "dump.rdb";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>A log larger than this is moved to redis.log.1 at the next start.</summary>
    private const long LogRotationBytes = 16L * 1024 * 1024;

    private RedisFiles(string directory) => Directory = directory;

    /// <summary>The directory's full path with symbolic links resolved (what /proc/PID/cwd of its server shows).</summary>
    public string Directory { get; }

    public string ConfigFile => Path.Combine(Directory, "redis.conf");

    public string PasswordFile => Path.Combine(Directory, "redis.password");

    public string PidFile => Path.Combine(Directory, "redis.pid");

    public string LogFile => Path.Combine(Directory, "redis.log");

    public string RdbFile => Path.Combine(Directory, RdbFileName);

    /// <summary>Creates <paramref name="directory"/> (0700) when missing.</summary>
    public static RedisFiles Prepare(string directory)
    {
        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full, OwnerOnlyDirectory);
        File.SetUnixFileMode(full, OwnerOnlyDirectory);
        return new RedisFiles(RealPath(full));
    }

    /// <summary>The password kept in redis.password (0600), created from 32 random bytes (64 hex digits) the first time, so
    /// REDIS_URL stays the same across restarts.</summary>
    /// <exception cref="RedisAddonException">The file holds something that is not a password Runway wrote.</exception>
    public string LoadOrCreatePassword()
    {
        if (File.Exists(PasswordFile))
        {
            File.SetUnixFileMode(PasswordFile, OwnerOnly);
            var stored = File.ReadAllText(PasswordFile).Trim();
            if (stored.Length >= 16 && stored.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            {
                return stored;
            }

            throw new RedisAddonException($"{PasswordFile} does not hold a password Runway wrote (16 or more letters, digits, '-', '_', '.', '~'): delete it to have a new one made (clients must then use the new REDIS_URL)");
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WriteOwnerOnly(PasswordFile, password + "\n");
        return password;
    }

    /// <summary>The pid in redis.pid, or null when there is none.</summary>
    public int? ReadPid()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void DeletePidFile() => File.Delete(PidFile);

    /// <summary>Moves a large log aside and returns the log's length, from where <see cref="LogSince"/> reads this start's lines.</summary>
    public long PrepareLog()
    {
        var log = new FileInfo(LogFile);
        if (!log.Exists)
        {
            return 0;
        }

        if (log.Length <= LogRotationBytes)
        {
            return log.Length;
        }

        File.Move(LogFile, LogFile + ".1", overwrite: true);
        return 0;
    }

    /// <summary>The log's length now, from where <see cref="LogSince"/> reads what a running server writes next.</summary>
    public long LogLength() => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    /// <summary>The last <paramref name="lines"/> lines written to redis.log after <paramref name="offset"/>, indented, for an error message.</summary>
    public string LogSince(long offset, int lines = 12)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var tail = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines).ToList();
            return tail.Count == 0 ? "(redis.log is empty)" : "  " + string.Join("\n  ", tail);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(redis.log could not be read: {ex.Message})";
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> with mode 0600 from the start, replacing the file atomically.</summary>
    public static void WriteOwnerOnly(string path, string text)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary><paramref name="fullPath"/> with every symbolic link along it resolved, like realpath(3).</summary>
    internal static string RealPath(string fullPath)
    {
        var current = "/";
        foreach (var part in fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                next = RealPath(target.FullName);
            }

            current = next;
        }

        return current;
    }
}
