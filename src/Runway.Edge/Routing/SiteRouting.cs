using Runway.Edge.Routing.Runtime;
using Runway.Model;

namespace Runway.Edge.Routing;

/// <summary>A site's routing, compiled once when the site is deployed: the router for requests, and what went wrong.</summary>
/// <param name="Router">Answers each request (thread-safe, shared).</param>
/// <param name="Routes">Vercel's route table for the site, for inspection and logs.</param>
/// <param name="Diagnostics">Rules left out (errors) and features not run (warnings), each at its place in vercel.json.</param>
internal sealed record SiteRouting(Router Router, ValueList<RouteEntry> Routes, ValueList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Builds Vercel's route table from vercel.json's routing sections and compiles it for the router.</summary>
    public static SiteRouting Compile(VercelRouting routing)
    {
        var build = RouteTableBuilder.Build(routing);
        var table = RouteTable.Compile(build.Routes, routing.CleanUrls);
        return new SiteRouting(new Router(table), build.Routes, build.Diagnostics.AddRange(table.Diagnostics));
    }
}
