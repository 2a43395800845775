using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>A <c>[services.NAME]</c> table: where the service lives and the fields runway.toml sets for it.</summary>
internal sealed record RunwayServiceConfig(string Name, string Root, ServiceLayer Layer, SourceLocation DefinedAt, SourceLocation RootAt);

/// <summary>A <c>[sites.NAME]</c> table.</summary>
internal sealed record RunwaySiteConfig(string Name, string Root, ServiceLayer Layer, SourceLocation DefinedAt, SourceLocation RootAt);

/// <summary>An <c>[addons.NAME]</c> table and where it was written.</summary>
internal sealed record RunwayAddonConfig(AddonSpec Spec, SourceLocation DefinedAt);

/// <summary>An environment's override of one service or site, and where it was written.</summary>
internal sealed record RunwayOverride(ServiceLayer Layer, SourceLocation DefinedAt);

/// <summary>An <c>[environments.NAME]</c> table: variables and per-service/per-site overrides.</summary>
internal sealed record RunwayEnvironmentConfig(
    ValueMap Variables,
    IReadOnlyDictionary<string, RunwayOverride> Services,
    IReadOnlyDictionary<string, RunwayOverride> Sites)
{
    /// <summary>The declared layer of a service with this environment's override laid over it.</summary>
    public ServiceLayer ServiceLayer(string name, ServiceLayer declared) =>
        Services.TryGetValue(name, out var over) ? over.Layer.Over(declared) : declared;

    public ServiceLayer SiteLayer(string name, ServiceLayer declared) =>
        Sites.TryGetValue(name, out var over) ? over.Layer.Over(declared) : declared;
}

/// <summary>runway.toml: what the platforms' files cannot say (several parts in one repository, add-ons, the entry).</summary>
internal sealed record RunwayConfig(
    string? Name,
    string? Entry,
    SourceLocation? EntryAt,
    ValueMap Variables,
    ValueList<RunwayServiceConfig> Services,
    ValueList<RunwaySiteConfig> Sites,
    ValueList<RunwayAddonConfig> Addons,
    IReadOnlyDictionary<string, RunwayEnvironmentConfig> Environments)
{
    public static RunwayConfig Empty { get; } = new(null, null, null, ValueMap.Empty, ValueList<RunwayServiceConfig>.Empty,
        ValueList<RunwaySiteConfig>.Empty, ValueList<RunwayAddonConfig>.Empty, new Dictionary<string, RunwayEnvironmentConfig>());

    /// <summary>The <c>[edge]</c> table: how the edge protects the app (becomes <see cref="AppSpec.Edge"/>).</summary>
    public EdgeSettings Edge { get; init; } = EdgeSettings.Default;

    public bool DeclaresParts => !Services.IsEmpty || !Sites.IsEmpty;

    /// <summary>The overrides for <paramref name="environment"/> (exact name, or <c>pr</c> for preview environments).</summary>
    public RunwayEnvironmentConfig? ForEnvironment(string environment) =>
        EnvironmentNames.Select(Environments.Keys, environment) is { } name ? Environments[name] : null;
}
