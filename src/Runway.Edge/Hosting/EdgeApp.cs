using Runway.Model;

namespace Runway.Edge.Hosting;

/// <summary>One app as the edge serves it: its sites and the instances of its web services.</summary>
/// <param name="Entry">The part that answers the app's own host (and every host, when it is the only app).</param>
public sealed record EdgeApp(string Name, string? Entry, ValueList<EdgeSite> Sites, ValueList<EdgeService> Services)
{
    /// <summary>Security headers, rate limits, CORS and request limits for every part of the app (<see cref="AppSpec.Edge"/>).</summary>
    public EdgeSettings Protection { get; init; } = EdgeSettings.Default;
}

/// <summary>A built site: the directory to serve and vercel.json's routing.</summary>
public sealed record EdgeSite(string Name, string OutputDirectory, VercelRouting Routing);

/// <summary>A web service: its instances and the public host names it answers to.</summary>
public sealed record EdgeService(string Name, ValueList<EdgeInstance> Instances, ValueList<string> Domains);

/// <summary>One instance of a web service: its name (<c>web.1</c>, the key health reports use) and its address.</summary>
public sealed record EdgeInstance(string Id, Uri Address);
