using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// Builds a site from its directory: package.json's build script &lt; vercel.json (build settings and routing)
/// &lt; runway.toml's <c>[sites.NAME]</c> &lt; the environment's overrides.
/// </summary>
internal static class SiteAssembler
{
    public static SiteSpec Assemble(string name, ServiceDirectory directory, ServiceLayer declared)
    {
        var vercel = directory.HasVercelJson ? directory.Vercel() : null;
        var final = ServiceLayer.Stack([directory.PackageJsonLayer().SharedPart(), vercel?.ToLayer() ?? ServiceLayer.Empty, declared]);
        return new SiteSpec(name, directory.Path, ServiceAssembler.ToBuild(final), vercel?.Routing ?? VercelRouting.None);
    }
}
