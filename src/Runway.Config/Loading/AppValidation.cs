using Runway.Config.Documents;
using Runway.Config.RunwayToml;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>Checks that span the whole app: unique names across services, sites and add-ons, and a valid entry.</summary>
internal static class AppValidation
{
    public static void Check(DiagnosticBag diagnostics, RunwayConfig runway, IReadOnlyList<ServiceSpec> services, IReadOnlyList<SiteSpec> sites)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declared in services)
        {
            seen.TryAdd(declared.Name, "service");
        }

        foreach (var site in runway.Sites.Where(s => !Claim(seen, s.Name, "site")))
        {
            diagnostics.Error(site.DefinedAt, $"the name \"{site.Name}\" is already used by a {seen[site.Name]}; names must be unique across services, sites and add-ons");
        }

        foreach (var addon in runway.Addons.Where(a => !Claim(seen, a.Spec.Name, "add-on")))
        {
            diagnostics.Error(addon.DefinedAt, $"the add-on name \"{addon.Spec.Name}\" is already used by a {seen[addon.Spec.Name]}; names must be unique across services, sites and add-ons");
        }

        if (runway.Entry is not { } entry)
        {
            return;
        }

        var location = runway.EntryAt ?? new SourceLocation(AppLoader.RunwayTomlName);
        var service = services.FirstOrDefault(s => s.Name == entry);
        if (service is null && sites.All(s => s.Name != entry))
        {
            var names = services.Select(s => s.Name).Concat(sites.Select(s => s.Name)).ToList();
            diagnostics.Error(location, $"entry \"{entry}\" names no service or site (declared: {(names.Count == 0 ? "none" : string.Join(", ", names))})");
        }
        else if (service is not null && service.Kind != ServiceKind.Web)
        {
            diagnostics.Error(location, $"entry \"{entry}\" is a {service.Kind.ToString().ToLowerInvariant()} service; the entry must be a web service or a site");
        }
    }

    private static bool Claim(Dictionary<string, string> seen, string name, string what) => seen.TryAdd(name, what);
}
