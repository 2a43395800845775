namespace Runway.Build.Releases;

/// <summary>Copies a part's source directory into a release, leaving out what the build recreates or what is not
/// source: .git, node_modules, .venv, .runway*, and bin/obj next to a .NET project file. Keeps symlinks as symlinks,
/// file modes and modification times.</summary>
internal static class SourceCopier
{
    private static readonly string[] ExcludedNames = [".git", "node_modules", ".venv"];

    private static readonly string[] DotnetProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    /// <param name="excludedPaths">Absolute paths never copied (e.g. Runway's home when it lies inside the source tree).</param>
    public static void Copy(string source, string destination, IReadOnlyCollection<string> excludedPaths, CancellationToken cancellationToken)
    {
        var sourceRoot = Path.GetFullPath(source);
        var destinationRoot = Path.GetFullPath(destination);
        var excluded = excludedPaths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).Append(destinationRoot).ToHashSet(StringComparer.Ordinal);
        CopyDirectory(new DirectoryInfo(sourceRoot), destinationRoot, new Roots(sourceRoot, destinationRoot), excluded, cancellationToken);
    }

    private static void CopyDirectory(DirectoryInfo source, string destination, Roots roots, HashSet<string> excluded, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var entries = source.EnumerateFileSystemInfos().ToList();
        var isDotnetProject = entries.Any(e => e is FileInfo && DotnetProjectExtensions.Any(ext => e.Name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)));
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsExcluded(entry, isDotnetProject) || excluded.Contains(entry.FullName))
            {
                continue;
            }

            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, RetargetLink(link, target, roots));
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyDirectory(directory, target, roots, excluded, cancellationToken);
            }
            else
            {
                CopyFile((FileInfo)entry, target);
            }
        }

        // Mode last: a read-only source directory must not stop its own contents from being written.
        File.SetUnixFileMode(destination, source.UnixFileMode);
        Directory.SetLastWriteTimeUtc(destination, source.LastWriteTimeUtc);
    }

    private static bool IsExcluded(FileSystemInfo entry, bool isDotnetProject) =>
        ExcludedNames.Contains(entry.Name, StringComparer.Ordinal)
        || entry.Name.StartsWith(".runway", StringComparison.Ordinal)
        || (isDotnetProject && entry is DirectoryInfo && entry.Name is "bin" or "obj");

    private static void CopyFile(FileInfo source, string target)
    {
        if (source.Length == 0)
        {
            // Creating the empty file instead of reading it also keeps FIFOs and sockets (which report length 0)
            // from blocking or failing the copy: they become empty regular files.
            File.WriteAllBytes(target, []);
        }
        else
        {
            File.Copy(source.FullName, target);
        }

        File.SetUnixFileMode(target, source.UnixFileMode);
        File.SetLastWriteTimeUtc(target, source.LastWriteTimeUtc);
    }

    /// <summary>A relative target is kept as written. An absolute target inside the source tree is pointed at the same
    /// place in the copy (as a relative link); any other absolute target is kept.</summary>
    private static string RetargetLink(string link, string linkPath, Roots roots)
    {
        if (!Path.IsPathRooted(link))
        {
            return link;
        }

        var full = Path.GetFullPath(link);
        var relative = Path.GetRelativePath(roots.Source, full);
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return link;
        }

        var copied = Path.GetFullPath(Path.Combine(roots.Destination, relative));
        return Path.GetRelativePath(Path.GetDirectoryName(linkPath)!, copied);
    }

    private sealed record Roots(string Source, string Destination);
}
