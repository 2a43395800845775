using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>The state of one <see cref="AppLoader.Load"/> call: the files, the diagnostics, and each directory read so far.</summary>
internal sealed class LoadContext
{
    private readonly Dictionary<string, ServiceDirectory> _directories = new(StringComparer.Ordinal);

    public LoadContext(string root, string environment, ValueMap extraVariables, DiagnosticBag diagnostics)
    {
        Files = new AppFiles(root, diagnostics);
        Environment = environment;
        ExtraVariables = extraVariables;
        Diagnostics = diagnostics;
    }

    public AppFiles Files { get; }

    public string Environment { get; }

    public ValueMap ExtraVariables { get; }

    public DiagnosticBag Diagnostics { get; }

    public ServiceDirectory Directory(string path)
    {
        if (!_directories.TryGetValue(path, out var directory))
        {
            directory = new ServiceDirectory(path, Files, Diagnostics);
            _directories[path] = directory;
        }

        return directory;
    }

    /// <summary>
    /// A service or site root from runway.toml as a clean relative path (<c>.</c> for the app root); null when it is
    /// absolute, leaves the app directory, or does not exist (an error is added then).
    /// </summary>
    public string? ResolveRoot(string root, string field, SourceLocation location)
    {
        var path = AppFiles.CleanRelative(root);
        if (path is null)
        {
            Diagnostics.Error(location, $"{field} must be a directory inside the app directory, relative to it (got \"{root}\")");
            return null;
        }

        if (!Files.DirectoryExists(path))
        {
            Diagnostics.Error(location, $"{field}: the directory \"{path}\" does not exist");
            return null;
        }

        return path;
    }
}
