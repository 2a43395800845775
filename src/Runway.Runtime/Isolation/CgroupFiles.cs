using System.Globalization;
using System.Text;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>Reads and writes cgroup control files.</summary>
internal static class CgroupFiles
{
    /// <summary>Writes <paramref name="value"/> in one write(2), as the kernel expects; an invalid value fails that write.</summary>
    /// <exception cref="IOException">The kernel refused the value, or the file is missing.</exception>
    public static void Write(string directory, string file, string value)
    {
        var path = Path.Combine(directory, file);
        try
        {
            // FileMode.Open: control files exist already and must not be created or truncated.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(Encoding.ASCII.GetBytes(value));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"writing \"{value}\" to {path} was refused: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new IOException($"writing \"{value}\" to {path} failed: {ex.Message}", ex);
        }
    }

    public static void Write(string directory, string file, long value) => Write(directory, file, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file's text, or null when it does not exist (a controller file this kernel lacks, or a removed cgroup).</summary>
    public static string? Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The number after <paramref name="key"/> in a "key value" per line file (memory.oom_control, memory.events).</summary>
    public static long? ReadKeyed(string directory, string file, string key)
    {
        foreach (var line in (Read(directory, file) ?? "").Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }

        return null;
    }

    public static long? ReadNumber(string directory, string file) =>
        long.TryParse(Read(directory, file)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The ids in cgroup.procs that belong to running processes (not zombies).</summary>
    public static IReadOnlyList<int> LiveProcesses(string directory)
    {
        var ids = new List<int>();
        foreach (var line in (Read(directory, "cgroup.procs") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcessGroup.IsAlive(pid))
            {
                ids.Add(pid);
            }
        }

        return ids;
    }
}
