namespace Runway.Model;

/// <summary>The app as Runway understands it after reading every config file.</summary>
/// <param name="Name">The app's name (from runway.toml, package.json or the directory name).</param>
/// <param name="RootDirectory">Absolute path of the app's source directory.</param>
/// <param name="Environment">The environment whose overrides were applied (e.g. <c>production</c>).</param>
/// <param name="Variables">Variables every service sees (runway.toml <c>[variables]</c>, <c>.env</c>), before service-level ones.</param>
public sealed record AppSpec(
    string Name,
    string RootDirectory,
    string Environment,
    ValueList<ServiceSpec> Services,
    ValueList<SiteSpec> Sites,
    ValueList<AddonSpec> Addons,
    ValueMap Variables)
{
    /// <summary>The name of the service or site that <c>runway up --port</c> exposes, when runway.toml names one.</summary>
    public string? Entry { get; init; }

    /// <summary>How the edge protects the app (runway.toml <c>[edge]</c>).</summary>
    public EdgeSettings Edge { get; init; } = EdgeSettings.Default;
}
