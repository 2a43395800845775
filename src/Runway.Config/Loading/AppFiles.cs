using System.Text;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// Reads files under the app directory. Paths are relative to the app root with <c>/</c> separators, and are also
/// the names diagnostics show (<c>api/railway.toml</c>). I/O failures become error diagnostics.
/// </summary>
internal sealed class AppFiles
{
    /// <summary>Config files larger than this are refused rather than read into memory.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private readonly DiagnosticBag _diagnostics;

    public AppFiles(string root, DiagnosticBag diagnostics)
    {
        Root = root;
        _diagnostics = diagnostics;
    }

    /// <summary>Absolute path of the app directory.</summary>
    public string Root { get; }

    public static string Join(string directory, string name) => directory == "." ? name : directory + "/" + name;

    /// <summary>A path relative to some directory as clean <c>a/b</c> segments; null when absolute or leaving the directory.</summary>
    public static string? CleanRelative(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (Path.IsPathRooted(path) || segments.Contains(".."))
        {
            return null;
        }

        return segments.Count == 0 ? "." : string.Join('/', segments);
    }

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public bool FileExists(string relativePath) => File.Exists(FullPath(relativePath));

    public bool DirectoryExists(string relativePath) => Directory.Exists(FullPath(relativePath));

    /// <summary>Names of the files in <paramref name="directory"/> matching <paramref name="pattern"/> (e.g. <c>*.csproj</c>).</summary>
    public IReadOnlyList<string> FileNames(string directory, string pattern)
    {
        try
        {
            return Directory.EnumerateFiles(FullPath(directory), pattern, SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The file's bytes; null when it does not exist or cannot be read (an error is added then).</summary>
    public byte[]? ReadBytes(string relativePath)
    {
        var path = FullPath(relativePath);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                _diagnostics.Error(new SourceLocation(relativePath), $"the file is {info.Length} bytes; config files may be at most {MaxFileBytes} bytes");
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(new SourceLocation(relativePath), "cannot read the file: " + exception.Message);
            return null;
        }
    }

    /// <summary>The file as UTF-8 text (a leading BOM removed); null when absent or unreadable.</summary>
    public string? ReadText(string relativePath)
    {
        var bytes = ReadBytes(relativePath);
        if (bytes is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>The parsed TOML or JSON document; null when absent, unreadable or invalid (errors added).</summary>
    public ConfigNode? ReadDocument(string relativePath) =>
        ReadBytes(relativePath) is { } bytes ? ConfigDocument.Parse(bytes, relativePath, _diagnostics) : null;
}
