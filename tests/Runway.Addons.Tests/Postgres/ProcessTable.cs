namespace Runway.Addons.Tests.Postgres;

/// <summary>Reads /proc: whether a process lives, its children, its user.</summary>
internal static class ProcessTable
{
    /// <summary>A zombie counts as dead: it has exited and only waits to be reaped.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var child) ? child : 0)
            .Where(child => child > 0 && Stat(child) is { } fields && fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z")
            .ToList();

    /// <summary>The real user id from /proc/PID/status ("Uid:\treal\teffective\t...").</summary>
    public static int? UserId(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/PID/stat after the command name (which may hold spaces): state, ppid, ...</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
