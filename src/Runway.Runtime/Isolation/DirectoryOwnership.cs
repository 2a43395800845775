using System.Globalization;
using System.Runtime.InteropServices;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>Hands an instance's working directory (and everything in it) to the user the instance runs as.</summary>
internal sealed class DirectoryOwnership
{
    private const int ENOENT = 2;

    private readonly Lock _lock = new();
    private readonly HashSet<(string Directory, uint Uid)> _given = [];

    /// <summary>lchown -R of <paramref name="directory"/> to the user (once per directory and user for this launcher;
    /// releases are not changed after they are written). Symbolic links are changed themselves, never followed.</summary>
    /// <exception cref="InstanceLaunchException">The directory is a top-level one, the user could not reach it, or a file could not be changed.</exception>
    public void GiveTo(string directory, SystemUser user)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var parent = Path.GetDirectoryName(full);
        if (parent is null || parent == "/")
        {
            throw new InstanceLaunchException($"refusing to give {full} to {user.Name}: an isolated instance must run in its own directory (a release directory), not in a top-level directory of the host");
        }

        CheckReachable(full, user);
        lock (_lock)
        {
            if (_given.Contains((full, user.Uid)))
            {
                return;
            }

            try
            {
                ChangeOwnerRecursively(full, user);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InstanceLaunchException($"could not give {full} to {user.Name}: {ex.Message}", ex);
            }

            _given.Add((full, user.Uid));
        }
    }

    /// <summary>A user other than the owner passes through a directory only with the "others" execute bit.</summary>
    private static void CheckReachable(string directory, SystemUser user)
    {
        for (var ancestor = Path.GetDirectoryName(directory); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            var mode = File.GetUnixFileMode(ancestor);
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                var octal = Convert.ToString((int)mode, 8).PadLeft(3, '0');
                throw new InstanceLaunchException(
                    $"{user.Name} cannot reach {directory}: {ancestor} is not searchable by other users (mode {octal}); keep RUNWAY_HOME out of it (e.g. /var/lib/runway), or chmod o+x {ancestor}");
            }
        }
    }

    private static void ChangeOwnerRecursively(string root, SystemUser user)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        ChangeOwner(root, user);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                ChangeOwner(entry.FullName, user);
                if (entry is DirectoryInfo && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(entry.FullName);
                }
            }
        }
    }

    private static void ChangeOwner(string path, SystemUser user)
    {
        if (LibC.LChown(path, user.Uid, user.Gid) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != ENOENT)
        {
            throw new InstanceLaunchException(string.Create(
                CultureInfo.InvariantCulture,
                $"could not give {path} to {user.Name} (uid {user.Uid}): {Marshal.GetPInvokeErrorMessage(errno)}"));
        }
    }
}
