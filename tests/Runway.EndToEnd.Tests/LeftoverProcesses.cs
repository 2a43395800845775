namespace Runway.EndToEnd.Tests;

/// <summary>Finds processes that belong to one test's Runway: their working directory or environment mentions its RUNWAY_HOME.</summary>
internal static class LeftoverProcesses
{
    public static IReadOnlyList<int> Find(string home)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            if (Mentions(directory, home))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static bool Mentions(string procDirectory, string home)
    {
        try
        {
            var cwd = new DirectoryInfo(Path.Combine(procDirectory, "cwd")).LinkTarget;
            if (cwd is not null && cwd.StartsWith(home, StringComparison.Ordinal))
            {
                return true;
            }

            var environ = File.ReadAllText(Path.Combine(procDirectory, "environ"));
            return environ.Contains(home, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process ended while we looked, or is not ours to read
        }
    }
}
