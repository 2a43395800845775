namespace Runway.Edge.StaticFiles;

/// <summary>Resolves a path the way the kernel does when it opens it — every symlink, at every level, followed —
/// so the result can be checked against the site root. Like realpath(3), in managed code.</summary>
internal static class RealPath
{
    /// <summary>Linux gives up after 40 links (MAXSYMLINKS); so do we, which also ends loops.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The real path of an absolute path, or null when some part of it does not exist or cannot be read.</summary>
    public static string? ResolveAbsolute(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        return Resolve(root, full[root.Length..]);
    }

    /// <summary>The real path of <paramref name="relative"/> (components separated by '/') below
    /// <paramref name="realBase"/>, which must already be real; null when a component is missing.</summary>
    public static string? Resolve(string realBase, string relative)
    {
        var pending = new Stack<string>();
        Push(pending, relative);
        var current = realBase;
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component.Length == 0 || component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, component);
            string? target;
            try
            {
                var info = new FileInfo(next);
                var attributes = info.Attributes;
                if ((int)attributes == -1)
                {
                    return null;
                }

                target = (attributes & FileAttributes.ReparsePoint) != 0 ? info.LinkTarget : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // A relative target is relative to the directory holding the link, which `current` still is.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target);
        }

        return current;
    }

    /// <summary>True when <paramref name="realPath"/> is <paramref name="realRoot"/> or lies below it.</summary>
    public static bool IsUnder(string realPath, string realRoot)
    {
        if (!realPath.StartsWith(realRoot, StringComparison.Ordinal))
        {
            return false;
        }

        return realPath.Length == realRoot.Length
            || Path.EndsInDirectorySeparator(realRoot)
            || realPath[realRoot.Length] == Path.DirectorySeparatorChar;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var components = path.Split(Separators);
        for (var i = components.Length - 1; i >= 0; i--)
        {
            pending.Push(components[i]);
        }
    }
}
