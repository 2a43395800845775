using Runway.Config.Loading;

namespace Runway.Config.Railway;

/// <summary>railway.toml / railway.json: the base settings and each environment's overrides.</summary>
internal sealed record RailwayConfig(ServiceLayer Base, IReadOnlyDictionary<string, ServiceLayer> Environments)
{
    /// <summary>The base with the selected environment's <c>build</c>/<c>deploy</c> overrides laid over it.</summary>
    public ServiceLayer ForEnvironment(string environment) =>
        EnvironmentNames.Select(Environments.Keys, environment) is { } name ? Environments[name].Over(Base) : Base;
}
