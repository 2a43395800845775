using Runway.Model;

namespace Runway.Build.Tests.Support;

/// <summary>Builds model records with defaults for what a test does not care about.</summary>
internal static class Specs
{
    public static BuildSpec BuildWith(string? provider = null, params BuildPhase[] phases) =>
        phases.Length == 0 ? BuildSpec.Default with { Provider = provider } : new BuildSpec(provider, phases.ToValueList(), ValueMap.Empty);

    /// <summary>A phase with the given commands (none: an empty list, which runs nothing).</summary>
    public static BuildPhase Phase(string name, params string[] commands) => new(name, commands.ToValueList());

    /// <summary>A phase that takes the provider's default commands.</summary>
    public static BuildPhase DefaultPhase(string name) => new(name, null);

    public static ServiceSpec Service(string name = "web", string directory = ".", BuildSpec? build = null, string? start = null, ValueMap? variables = null) =>
        new(name, ServiceKind.Web, directory, build ?? BuildSpec.Default, start, ValueList<string>.Empty, HealthCheckSpec.Default,
            RestartPolicy.Default, 1, variables ?? ValueMap.Empty);

    public static SiteSpec Site(string name = "site", string directory = ".", BuildSpec? build = null) =>
        new(name, directory, build ?? BuildSpec.Default, VercelRouting.None);

    public static AppSpec App(string root, IEnumerable<ServiceSpec>? services = null, IEnumerable<SiteSpec>? sites = null, ValueMap? variables = null, string name = "demo") =>
        new(name, root, "production", (services ?? []).ToValueList(), (sites ?? []).ToValueList(), ValueList<AddonSpec>.Empty, variables ?? ValueMap.Empty);

    public static ValueMap Map(params (string Key, string Value)[] pairs) => new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
}
