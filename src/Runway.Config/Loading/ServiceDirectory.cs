using Runway.Config.Documents;
using Runway.Config.DotEnv;
using Runway.Config.Nixpacks;
using Runway.Config.PackageJson;
using Runway.Config.Procfile;
using Runway.Config.Railway;
using Runway.Config.Vercel;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// The deployment files of one directory (the app root or a service's root), each read once, on first use,
/// so two services sharing a directory see one set of diagnostics.
/// </summary>
internal sealed class ServiceDirectory
{
    public const string RailwayToml = "railway.toml";
    public const string RailwayJson = "railway.json";
    public const string NixpacksToml = "nixpacks.toml";
    public const string NixpacksJson = "nixpacks.json";
    public const string ProcfileName = "Procfile";
    public const string PackageJsonName = "package.json";
    public const string DotEnvName = ".env";
    public const string VercelJson = "vercel.json";

    // Entry files the python provider can start (Railpack/Nixpacks look for these).
    private static readonly string[] PythonEntries = ["main.py", "app.py", "server.py", "wsgi.py", "asgi.py", "manage.py"];

    private readonly AppFiles _files;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, ServiceLayer?> _nixpacks = new(StringComparer.Ordinal);
    private (bool Read, RailwayConfig? Value) _railway;
    private (bool Read, ProcfileDocument? Value) _procfile;
    private (bool Read, PackageJsonDocument? Value) _packageJson;
    private (bool Read, ValueMap? Value) _dotEnv;
    private (bool Read, VercelConfig? Value) _vercel;

    public ServiceDirectory(string path, AppFiles files, DiagnosticBag diagnostics)
    {
        Path = path;
        _files = files;
        _diagnostics = diagnostics;
    }

    /// <summary>Relative to the app root, <c>/</c>-separated; <c>.</c> for the root itself.</summary>
    public string Path { get; }

    public string File(string name) => AppFiles.Join(Path, name);

    public bool Has(string name) => _files.FileExists(File(name));

    public bool HasVercelJson => Has(VercelJson);

    /// <summary>A file the python, dotnet or go provider can start without a start command.</summary>
    public string? StartableEntry =>
        PythonEntries.FirstOrDefault(Has)
        ?? (_files.FileNames(Path, "*.csproj") is [var project, ..] ? project : null)
        ?? (Has("go.mod") ? "go.mod" : null);

    /// <summary>Static files only: an index.html at the root or in public/ (Vercel's default output directory).</summary>
    public bool HasStaticIndex => Has("index.html") || Has("public/index.html");

    /// <summary>railway.toml, else railway.json (railway.toml wins when both exist, with a warning).</summary>
    public RailwayConfig? Railway()
    {
        if (!_railway.Read)
        {
            var name = ChooseOne(RailwayToml, RailwayJson);
            var root = name is null ? null : _files.ReadDocument(File(name));
            _railway = (true, root is null ? null : RailwayConfigReader.Read(root, _diagnostics));
        }

        return _railway.Value;
    }

    /// <summary>
    /// nixpacks.toml, else nixpacks.json, or the file named by <paramref name="configPath"/> (Railway's nixpacksConfigPath
    /// or NIXPACKS_CONFIG_FILE, relative to this directory).
    /// </summary>
    public ServiceLayer? Nixpacks(string? configPath)
    {
        var key = configPath ?? "";
        if (!_nixpacks.TryGetValue(key, out var layer))
        {
            string? name;
            if (configPath is not null)
            {
                name = AppFiles.CleanRelative(configPath);
                if (name is null || !Has(name))
                {
                    _diagnostics.Warning(new SourceLocation(File(configPath)), $"the nixpacks config file named by nixpacksConfigPath or NIXPACKS_CONFIG_FILE does not exist in {(Path == "." ? "the app directory" : Path)}; it is ignored");
                    name = null;
                }
            }
            else
            {
                name = ChooseOne(NixpacksToml, NixpacksJson);
            }

            var root = name is null ? null : _files.ReadDocument(File(name));
            layer = root is null ? null : NixpacksConfigReader.Read(root, _diagnostics);
            _nixpacks[key] = layer;
        }

        return layer;
    }

    public ProcfileDocument? Procfile()
    {
        if (!_procfile.Read)
        {
            var text = _files.ReadText(File(ProcfileName));
            _procfile = (true, text is null ? null : ProcfileReader.Read(text, File(ProcfileName), _diagnostics));
        }

        return _procfile.Value;
    }

    public PackageJsonDocument? PackageJson()
    {
        if (!_packageJson.Read)
        {
            var root = _files.ReadDocument(File(PackageJsonName));
            _packageJson = (true, root is null ? null : PackageJsonReader.Read(root, _diagnostics));
        }

        return _packageJson.Value;
    }

    /// <summary>The layer package.json implies (node defaults), or empty.</summary>
    public ServiceLayer PackageJsonLayer()
    {
        var package = PackageJson();
        return package is null ? ServiceLayer.Empty : package.ToLayer(package.Main is { } main && AppFiles.CleanRelative(main) is { } file && Has(file));
    }

    public ValueMap DotEnv()
    {
        if (!_dotEnv.Read)
        {
            var text = _files.ReadText(File(DotEnvName));
            _dotEnv = (true, text is null ? null : DotEnvReader.Read(text, File(DotEnvName), _diagnostics).ToMap());
        }

        return _dotEnv.Value ?? ValueMap.Empty;
    }

    public VercelConfig? Vercel()
    {
        if (!_vercel.Read)
        {
            var root = _files.ReadDocument(File(VercelJson));
            _vercel = (true, root is null ? null : VercelConfigReader.Read(root, _diagnostics));
        }

        return _vercel.Value;
    }

    private string? ChooseOne(string preferred, string other)
    {
        var hasPreferred = Has(preferred);
        var hasOther = Has(other);
        if (hasPreferred && hasOther)
        {
            _diagnostics.Warning(new SourceLocation(File(other)), $"both {preferred} and {other} exist; {preferred} is used and {other} is ignored (keep one)");
        }

        return hasPreferred ? preferred : hasOther ? other : null;
    }
}
