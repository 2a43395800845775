using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.PackageJson;

/// <summary>The parts of package.json Runway uses.</summary>
internal sealed record PackageJsonDocument(string? Name, string? StartScript, string? BuildScript, string? Main, string? NodeEngine, SourceLocation Location)
{
    /// <summary>
    /// The node defaults package.json implies: <c>npm start</c> when scripts.start exists, else <c>node MAIN</c> when
    /// main names an existing file (Nixpacks' and Railpack's node providers); <c>npm run build</c> when scripts.build exists.
    /// </summary>
    public ServiceLayer ToLayer(bool mainExists)
    {
        var layer = ServiceLayer.Empty;
        if (StartScript is not null)
        {
            layer = layer with { StartCommand = "npm start", StartCommandAt = Location };
        }
        else if (Main is not null && mainExists)
        {
            layer = layer with { StartCommand = "node " + Main, StartCommandAt = Location };
        }

        return BuildScript is not null ? layer.WithPhase(BuildSpec.BuildPhaseName, ValueList.Of("npm run build")) : layer;
    }
}

/// <summary>
/// Reads package.json's name, scripts.start, scripts.build, main and engines.node. package.json belongs to npm and holds
/// many fields Runway does not use, so unknown fields are not reported; a field of the wrong type is a warning.
/// </summary>
internal static class PackageJsonReader
{
    public static PackageJsonDocument? Read(ConfigNode root, DiagnosticBag diagnostics)
    {
        if (root.Kind != ConfigNodeKind.Object)
        {
            diagnostics.Error(root.Location, $"{root.Location.File} must hold an object (got {root.Describe(ConfigSyntax.Json)})");
            return null;
        }

        var scripts = Object(root, "scripts", diagnostics);
        var engines = Object(root, "engines", diagnostics);
        return new PackageJsonDocument(
            Text(root, "name", "name", diagnostics),
            scripts is null ? null : Text(scripts, "start", "scripts.start", diagnostics),
            scripts is null ? null : Text(scripts, "build", "scripts.build", diagnostics),
            Text(root, "main", "main", diagnostics),
            engines is null ? null : Text(engines, "node", "engines.node", diagnostics),
            new SourceLocation(root.Location.File));
    }

    public static PackageJsonDocument? Parse(string text, string file, DiagnosticBag diagnostics) =>
        ConfigDocument.Parse(text, file, diagnostics) is { } root ? Read(root, diagnostics) : null;

    private static ConfigNode? Object(ConfigNode owner, string key, DiagnosticBag diagnostics)
    {
        var value = owner.Property(key)?.Value;
        if (value is null || value.Kind == ConfigNodeKind.Null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.Object)
        {
            diagnostics.Warning(value.Location, $"{key} should be an object (got {value.Describe(ConfigSyntax.Json)}); it is ignored");
            return null;
        }

        return value;
    }

    private static string? Text(ConfigNode owner, string key, string path, DiagnosticBag diagnostics)
    {
        var value = owner.Property(key)?.Value;
        if (value is null || value.Kind == ConfigNodeKind.Null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.String)
        {
            diagnostics.Warning(value.Location, $"{path} should be a string (got {value.Describe(ConfigSyntax.Json)}); it is ignored");
            return null;
        }

        return value.Text.Trim().Length == 0 ? null : value.Text;
    }
}
