using Runway.Model;

namespace Runway.Edge.Routing;

/// <summary>Checks a site's vercel.json routing before anything is built: a rule that does not compile (a bad source
/// pattern or has/missing regex) is an error at its place in vercel.json, as Vercel refuses such a deployment.</summary>
public static class RoutingValidation
{
    public static ValueList<Diagnostic> Check(VercelRouting routing) => SiteRouting.Compile(routing).Diagnostics;
}
