using Runway.Edge.Hosting;
using Runway.Model;
using Runway.Runtime;

namespace Runway.Cli.Up;

/// <summary>Describes a prepared app to the edge, and keeps the edge's view of instance health in step with the supervisor.</summary>
internal static class EdgeWiring
{
    public static EdgeApp Describe(PreparedApp prepared)
    {
        var app = prepared.App;
        var sites = prepared.Sites.Select(s => new EdgeSite(s.Spec.Name, s.OutputDirectory, s.Spec.Routing)).ToValueList();
        var services = app.Services
            .Where(s => s.Kind == ServiceKind.Web)
            .Select(s => new EdgeService(
                s.Name,
                prepared.Instances.Where(i => i.Id.Service == s.Name && i.Port is not null)
                    .OrderBy(i => i.Id.Number)
                    .Select(i => new Uri($"http://127.0.0.1:{i.Port}"))
                    .ToValueList(),
                s.Domains))
            .ToValueList();
        return new EdgeApp(app.Name, prepared.Entry, sites, services) { Protection = app.Edge };
    }

    /// <summary>An observer that tells the edge when an instance stops or starts being healthy.</summary>
    public static IInstanceObserver HealthFeed(Func<EdgeServer?> edge, string app) => new DelegateInstanceObserver(change =>
    {
        var healthy = change.Current == InstanceState.Healthy;
        if (healthy || change.Previous == InstanceState.Healthy)
        {
            edge()?.SetInstanceHealth(app, change.Instance.Service, change.Instance.ToString(), healthy);
        }
    });
}
