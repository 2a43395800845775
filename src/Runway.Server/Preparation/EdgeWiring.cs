using Runway.Edge.Hosting;
using Runway.Model;
using Runway.Runtime;

namespace Runway.Server.Preparation;

/// <summary>Describes a prepared app to the edge, and keeps the edge's view of instance health in step with the supervisor.</summary>
internal static class EdgeWiring
{
    public static EdgeApp Describe(PreparedApp prepared) => Describe(prepared, prepared.Instances);

    /// <summary>The app with <paramref name="instances"/> as its services' instances (a deploy in progress may hold others).</summary>
    public static EdgeApp Describe(PreparedApp prepared, IEnumerable<InstanceSpec> instances)
    {
        var app = prepared.App;
        var running = instances.ToList();
        var sites = prepared.Sites.Select(s => new EdgeSite(s.Spec.Name, s.OutputDirectory, s.Spec.Routing)).ToValueList();
        var services = app.Services
            .Where(s => s.Kind == ServiceKind.Web)
            .Select(s => new EdgeService(
                s.Name,
                running.Where(i => i.Id.Service == s.Name && i.Port is not null)
                    .OrderBy(i => i.Id.Number)
                    .Select(i => new EdgeInstance(i.Id.ToString(), AddressOf(i)))
                    .ToValueList(),
                s.Domains))
            .ToValueList();
        return new EdgeApp(app.Name, prepared.Entry, sites, services) { Protection = app.Edge };
    }

    public static Uri AddressOf(InstanceSpec instance) => new($"http://127.0.0.1:{instance.Port}");

    /// <summary>Waits until no request is in flight to <paramref name="instances"/> (already out of the edge's sets), or the timeout.</summary>
    /// <returns>False when requests were still running at the timeout.</returns>
    public static Task<bool> DrainAsync(EdgeServer edge, IEnumerable<InstanceSpec> instances, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        edge.WaitUntilIdleAsync(instances.Where(i => i.Port is not null).Select(AddressOf), timeout, cancellationToken);

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
