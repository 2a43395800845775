namespace Runway.Build.Providers;

/// <summary><see cref="ISourceFiles"/> over a real directory.</summary>
internal sealed class DiskSourceFiles(string directory) : ISourceFiles
{
    public string DisplayPath => directory;

    public bool FileExists(string relativePath) => File.Exists(Resolve(relativePath));

    public bool DirectoryExists(string relativePath) => Directory.Exists(Resolve(relativePath));

    public string? ReadText(string relativePath)
    {
        var path = Resolve(relativePath);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public IReadOnlyList<string> RootFileNames() =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    private string Resolve(string relativePath) => Path.Combine(directory, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
