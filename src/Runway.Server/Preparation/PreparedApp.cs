using Runway.Build.Releases;
using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Scheduling;

namespace Runway.Server.Preparation;

/// <summary>An app built into a release and planned, ready to start.</summary>
/// <param name="Entry">The part that answers the app's own host (and `--port`), or null.</param>
/// <param name="Instances">The service instances to start, in start order.</param>
/// <param name="Sites">The built sites: name and the directory to serve.</param>
internal sealed record PreparedApp(
    AppSpec App,
    Release Release,
    string? Entry,
    ValueList<InstanceSpec> Instances,
    ValueList<BuiltSite> Sites)
{
    /// <summary>Cron services: what each run executes and its schedule.</summary>
    public ValueList<CronJob> CronJobs { get; init; } = ValueList<CronJob>.Empty;

    /// <summary>What the app's add-ons publish, by add-on name; replanning (scaling) needs it again.</summary>
    public IReadOnlyDictionary<string, ValueMap> Addons { get; init; } = new Dictionary<string, ValueMap>();
}

/// <summary>A site built into a release.</summary>
internal sealed record BuiltSite(SiteSpec Spec, string OutputDirectory);
