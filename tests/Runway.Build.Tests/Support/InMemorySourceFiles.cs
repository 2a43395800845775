using Runway.Build.Providers;

namespace Runway.Build.Tests.Support;

/// <summary>A source directory held in memory: relative path → text.</summary>
internal sealed class InMemorySourceFiles(params (string Path, string Text)[] files) : ISourceFiles
{
    private readonly Dictionary<string, string> _files = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);

    public string DisplayPath => "/src/app";

    public bool FileExists(string relativePath) => _files.ContainsKey(Normalize(relativePath));

    public bool DirectoryExists(string relativePath) =>
        Normalize(relativePath) is var path && (path == "." || _files.Keys.Any(key => key.StartsWith(path + "/", StringComparison.Ordinal)));

    public string? ReadText(string relativePath) => _files.GetValueOrDefault(Normalize(relativePath));

    public IReadOnlyList<string> RootFileNames() => _files.Keys.Where(key => !key.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    private static string Normalize(string path) => path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
}
