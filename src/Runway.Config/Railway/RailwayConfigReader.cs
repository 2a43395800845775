using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Railway;

/// <summary>Reads Railway's config as code (railway.toml or railway.json) into layers.</summary>
internal static class RailwayConfigReader
{
    // Railway builders: RAILPACK (default), NIXPACKS (legacy), DOCKERFILE; written in any case.
    private static readonly string[] Builders = ["RAILPACK", "NIXPACKS", "DOCKERFILE"];

    private static readonly string[] RootFields = ["$schema", "build", "deploy", "environments"];
    private static readonly string[] SectionFields = ["build", "deploy"];

    private static readonly string[] BuildFields =
    [
        "builder", "buildCommand", "dockerfilePath", "watchPatterns", "nixpacksConfigPath",

        // Railway fields with no effect on a local run.
        "nixpacksPlan", "nixpacksVersion", "buildEnvironment", "railpackVersion",
    ];

    private static readonly string[] DeployFields =
    [
        .. DeployFieldsReader.Fields, "sleepApplication", "region", "multiRegionConfig",

        // Railway fields with no effect on a local run.
        "runtime", "limitOverride", "useLegacyStacker", "requiredMountPath", "ipv6EgressEnabled",
    ];

    private static readonly string[] RegionFields = ["numReplicas"];

    public static RailwayConfig Read(ConfigNode root, DiagnosticBag diagnostics)
    {
        var file = root.Location.File;
        var syntax = ConfigDocument.SyntaxOf(file);
        if (root.Kind != ConfigNodeKind.Object)
        {
            diagnostics.Error(root.Location, $"{file} must hold an object with build and deploy sections (got {root.Describe(syntax)})");
            return new RailwayConfig(ServiceLayer.Empty, new Dictionary<string, ServiceLayer>());
        }

        var reader = new ObjectReader(root, "", syntax, diagnostics, RootFields);
        var baseLayer = ReadSections(reader);
        var environments = new Dictionary<string, ServiceLayer>(StringComparer.Ordinal);
        foreach (var (property, environment) in reader.NamedTables("environments", SectionFields))
        {
            environments[property.Key] = ReadSections(environment);
            environment.ReportUnknownFields();
        }

        reader.ReportUnknownFields();
        return new RailwayConfig(baseLayer, environments);
    }

    public static RailwayConfig? Parse(string text, string file, DiagnosticBag diagnostics) =>
        ConfigDocument.Parse(text, file, diagnostics) is { } root ? Read(root, diagnostics) : null;

    private static ServiceLayer ReadSections(ObjectReader owner)
    {
        var layer = ServiceLayer.Empty;
        if (owner.Table("build", BuildFields) is { } build)
        {
            layer = ReadBuild(build, layer);
            build.ReportUnknownFields();
        }

        if (owner.Table("deploy", DeployFields) is { } deploy)
        {
            layer = ReadDeploy(deploy, layer);
            deploy.ReportUnknownFields();
        }

        return layer;
    }

    private static ServiceLayer ReadBuild(ObjectReader build, ServiceLayer layer)
    {
        layer = layer with
        {
            Builder = build.OneOf("builder", Builders),
            DockerfilePath = build.String("dockerfilePath"),
            NixpacksConfigPath = build.String("nixpacksConfigPath"),
        };

        // Checked for its type; Runway rebuilds on every `runway up`, so watch patterns have no effect.
        _ = build.StringArray("watchPatterns");
        if (build.Value("nixpacksPlan") is not null)
        {
            build.Warn("nixpacksPlan", "is not supported yet; it is ignored (use nixpacks.toml)");
        }

        return build.String("buildCommand") is { } command ? layer.WithPhase(BuildSpec.BuildPhaseName, ValueList.Of(command)) : layer;
    }

    private static ServiceLayer ReadDeploy(ObjectReader deploy, ServiceLayer layer)
    {
        layer = DeployFieldsReader.Read(deploy, layer);
        if (deploy.Boolean("sleepApplication") == true)
        {
            deploy.Warn("sleepApplication", "is not supported yet; the service keeps running while idle");
        }

        _ = deploy.String("region");
        var regionReplicas = 0;
        var anyRegion = false;
        foreach (var (_, region) in deploy.NamedTables("multiRegionConfig", RegionFields))
        {
            if (region.Integer("numReplicas", minimum: 0) is { } count)
            {
                regionReplicas += count;
                anyRegion = true;
            }

            region.ReportUnknownFields();
        }

        // One machine has one region: the replicas of every region run here.
        if (layer.Replicas is null && anyRegion && regionReplicas > 0)
        {
            layer = layer with { Replicas = regionReplicas };
        }

        return layer;
    }
}
