using Runway.Build;

namespace Runway.Server;

/// <summary>Isolated instances run as their app's own system user, in their release directory: that user must be able to
/// pass through RUNWAY_HOME to reach it. Passing through (search, o+x) is all it gets: the home cannot be listed, and the
/// state, key and token files in it stay readable by root alone.</summary>
internal static class HomeAccess
{
    public static void LetAppUsersThrough(RunwayHome home) => LetServiceUsersThrough(home, home.ReleasesDirectory);

    /// <summary>Makes <paramref name="home"/> and <paramref name="directory"/> under it searchable by other users (the
    /// `postgres` and `redis` users of the add-ons, the app users of the releases).</summary>
    public static void LetServiceUsersThrough(RunwayHome home, string directory)
    {
        Directory.CreateDirectory(directory);
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        foreach (var path in new[] { home.Path, directory })
        {
            var mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, mode | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }
    }
}
