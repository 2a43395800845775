using Runway.Build;

namespace Runway.Server.Daemon;

/// <summary>Isolated instances run as their app's own system user, in their release directory: that user must be able to
/// pass through RUNWAY_HOME to reach it. Passing through (search, o+x) is all it gets: the home cannot be listed, and the
/// state, key and token files in it stay readable by root alone.</summary>
internal static class HomeAccess
{
    public static void LetAppUsersThrough(RunwayHome home)
    {
        Directory.CreateDirectory(home.ReleasesDirectory);
        foreach (var directory in new[] { home.Path, home.ReleasesDirectory })
        {
            var mode = File.GetUnixFileMode(directory);
            File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
    }
}
