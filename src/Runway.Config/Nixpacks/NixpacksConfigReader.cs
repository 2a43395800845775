using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Nixpacks;

/// <summary>Reads nixpacks.toml / nixpacks.json into a layer: phases in dependency order, start command, variables.</summary>
internal static class NixpacksConfigReader
{
    private static readonly string[] RootFields = ["$schema", "providers", "buildImage", "variables", "staticAssets", "phases", "start"];

    private static readonly string[] PhaseFields =
    [
        "cmds", "nixPkgs", "nixLibs", "aptPkgs", "dependsOn", "cacheDirectories", "onlyIncludeFiles", "paths", "nixOverlays", "nixpkgsArchive",
    ];

    private static readonly string[] StartFields = ["cmd", "runImage", "onlyIncludeFiles"];

    // Nixpacks provider names mapped to Runway's build providers.
    private static readonly Dictionary<string, string> Providers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["node"] = "node",
        ["python"] = "python",
        ["go"] = "go",
        ["golang"] = "go",
        ["csharp"] = "dotnet",
        ["dotnet"] = "dotnet",
        ["staticfile"] = "static",
        ["static"] = "static",
    };

    public static ServiceLayer Read(ConfigNode root, DiagnosticBag diagnostics)
    {
        var file = root.Location.File;
        var syntax = ConfigDocument.SyntaxOf(file);
        if (root.Kind != ConfigNodeKind.Object)
        {
            diagnostics.Error(root.Location, $"{file} must hold {(syntax == ConfigSyntax.Toml ? "a table" : "an object")} (got {root.Describe(syntax)})");
            return ServiceLayer.Empty;
        }

        var reader = new ObjectReader(root, "", syntax, diagnostics, RootFields);
        var layer = ServiceLayer.Empty with
        {
            Provider = ReadProvider(reader),
            BuildVariables = reader.StringMap("variables") ?? ValueMap.Empty,
        };
        if (reader.String("buildImage") is not null)
        {
            reader.Warn("buildImage", "is ignored: Runway builds on this machine, not in an image");
        }

        if (reader.Value("staticAssets") is not null)
        {
            reader.Warn("staticAssets", "is not supported yet; it is ignored");
        }

        layer = ReadPhases(reader, layer);
        if (reader.Table("start", StartFields) is { } start)
        {
            if (start.String("cmd") is { } command)
            {
                layer = layer with { StartCommand = command, StartCommandAt = start.Value("cmd")!.Location };
            }

            if (start.String("runImage") is not null)
            {
                start.Warn("runImage", "is ignored: Runway runs the service on this machine, not in an image");
            }

            _ = start.StringArray("onlyIncludeFiles");
            start.ReportUnknownFields();
        }

        reader.ReportUnknownFields();
        return layer;
    }

    public static ServiceLayer? Parse(string text, string file, DiagnosticBag diagnostics) =>
        ConfigDocument.Parse(text, file, diagnostics) is { } root ? Read(root, diagnostics) : null;

    private static string? ReadProvider(ObjectReader reader)
    {
        var providers = reader.StringArray("providers");
        if (providers is null)
        {
            return null;
        }

        var supported = new List<string>();
        foreach (var name in providers.Value.Where(p => p != BuildSpec.ProviderDefault))
        {
            if (Providers.TryGetValue(name, out var provider))
            {
                supported.Add(provider);
            }
            else
            {
                reader.Warn("providers", $"names provider \"{name}\", which Runway cannot build yet (supported: node, python, go, csharp, staticfile); it is ignored");
            }
        }

        if (supported.Distinct().Count() > 1)
        {
            reader.Warn("providers", $"names several providers; Runway builds with one, so \"{supported[0]}\" is used");
        }

        return supported.FirstOrDefault();
    }

    private static ServiceLayer ReadPhases(ObjectReader reader, ServiceLayer layer)
    {
        var declared = new List<NixpacksPhaseNode>();
        var phases = new List<BuildPhase>();
        foreach (var (property, phase) in reader.NamedTables("phases", PhaseFields))
        {
            var commands = phase.StringArray("cmds");
            if (commands is { } cmds)
            {
                phases.Add(new BuildPhase(property.Key, cmds));
            }

            var dependsOn = phase.StringArray("dependsOn") is { } deps
                ? deps.SelectMany(d => d == BuildSpec.ProviderDefault ? NixpacksPhaseOrder.DefaultDependencies(property.Key) : [d]).ToList()
                : NixpacksPhaseOrder.DefaultDependencies(property.Key);
            declared.Add(new NixpacksPhaseNode(property.Key, dependsOn, property.KeyLocation));

            foreach (var packages in new[] { "nixPkgs", "aptPkgs", "nixLibs", "nixOverlays" })
            {
                var list = phase.StringArray(packages);
                if (list is { } names && names.Any(n => n != BuildSpec.ProviderDefault))
                {
                    phase.Warn(packages, $"cannot be installed by Runway; they are ignored (install {string.Join(", ", names.Where(n => n != BuildSpec.ProviderDefault))} on this machine)");
                }
            }

            if (phase.String("nixpkgsArchive") is not null)
            {
                phase.Warn("nixpkgsArchive", "is ignored: Runway does not use Nix");
            }

            if (phase.StringArray("paths") is { Count: > 0 })
            {
                phase.Warn("paths", "is not supported yet; PATH is not changed");
            }

            _ = phase.StringArray("cacheDirectories");
            _ = phase.StringArray("onlyIncludeFiles");
            phase.ReportUnknownFields();
        }

        if (declared.Count == 0)
        {
            return layer;
        }

        var order = NixpacksPhaseOrder.Sort(declared, reader.FieldPath("phases"), reader.Diagnostics);
        var withCommands = phases.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return layer with
        {
            Phases = phases.ToValueList(),
            PhaseOrder = order?
                .Where(name => name is BuildSpec.InstallPhase or BuildSpec.BuildPhaseName || withCommands.Contains(name))
                .ToValueList(),
        };
    }
}
