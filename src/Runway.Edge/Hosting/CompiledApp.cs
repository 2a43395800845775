using Runway.Edge.Limits;
using Runway.Edge.LoadBalancing;
using Runway.Edge.Routing;
using Runway.Edge.StaticFiles;
using Runway.Model;

namespace Runway.Edge.Hosting;

/// <summary>An app ready for requests: each site's compiled routing and file handler, each service's load-balanced instances,
/// and which host names lead where. Immutable once built; the edge swaps whole snapshots.</summary>
internal sealed class CompiledApp
{
    private readonly Dictionary<string, CompiledSite> _sites;
    private readonly Dictionary<string, ServiceDestinations> _services;
    private readonly Dictionary<string, string> _serviceByDomain;

    private CompiledApp(EdgeApp app, Dictionary<string, CompiledSite> sites, Dictionary<string, ServiceDestinations> services, ValueList<Diagnostic> diagnostics, AppProtection protection)
    {
        App = app;
        Protection = protection;
        _sites = sites;
        _services = services;
        Diagnostics = diagnostics;
        _serviceByDomain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            foreach (var domain in service.Domains)
            {
                _serviceByDomain[domain] = service.Name;
            }
        }
    }

    public EdgeApp App { get; }

    public string Name => App.Name;

    public AppProtection Protection { get; }

    public ValueList<Diagnostic> Diagnostics { get; }

    /// <summary>Compiles <paramref name="app"/>; service instances are registered in (or replaced within) <paramref name="registry"/>.</summary>
    /// <param name="previous">The app of the same name served until now, whose rate limit counts carry over while its rules stay the same.</param>
    public static CompiledApp Compile(EdgeApp app, ServiceRegistry registry, StaticFileServingOptions fileOptions, TimeProvider time, CompiledApp? previous = null)
    {
        var diagnostics = new List<Diagnostic>();
        var sites = new Dictionary<string, CompiledSite>(StringComparer.Ordinal);
        foreach (var site in app.Sites)
        {
            var routing = SiteRouting.Compile(site.Routing);
            diagnostics.AddRange(routing.Diagnostics);
            sites[site.Name] = new CompiledSite(site, routing, new StaticFileHandler(site.OutputDirectory, fileOptions, time));
        }

        var services = new Dictionary<string, ServiceDestinations>(StringComparer.Ordinal);
        foreach (var service in app.Services)
        {
            var destinations = service.Instances.Select(instance => new DestinationConfig(instance.Id, instance.Address));
            services[service.Name] = registry.Update(RegistryKey(app.Name, service.Name), destinations);
        }

        var rules = app.Protection.RateLimits;
        var rateLimits = rules.IsEmpty ? null
            : previous?.Protection.RateLimits is { } kept && kept.Rules.Equals(rules) ? kept
            : new RateLimitTable(rules, time);
        return new CompiledApp(app, sites, services, diagnostics.ToValueList(), new AppProtection(app.Protection, rateLimits));
    }

    public static string RegistryKey(string app, string service) => app + "/" + service;

    public bool TryGetSite(string name, out CompiledSite site) => _sites.TryGetValue(name, out site!);

    public bool TryGetService(string name, out ServiceDestinations service) => _services.TryGetValue(name, out service!);

    /// <summary>The service whose public domain is <paramref name="host"/> (runway.toml <c>domains</c>).</summary>
    public bool TryGetServiceByDomain(ReadOnlySpan<char> host, out ServiceDestinations service)
    {
        service = null!;
        return ServiceForDomain(host) is { } name && _services.TryGetValue(name, out service!);
    }

    /// <summary>The name of the service whose public domain is <paramref name="host"/>, or null.</summary>
    public string? ServiceForDomain(ReadOnlySpan<char> host) =>
        _serviceByDomain.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var service) ? service : null;

    public IEnumerable<string> ServiceNames => _services.Keys;

    public bool HasPart(string name) => _sites.ContainsKey(name) || _services.ContainsKey(name);

    /// <summary>The part called <paramref name="name"/> (exactly), as the app's own string; null when there is none.</summary>
    public string? PartNamed(ReadOnlySpan<char> name) =>
        _sites.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var site, out _) ? site
        : _services.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var service, out _) ? service
        : null;
}

/// <summary>A site with its routing compiled and its files handler.</summary>
internal sealed record CompiledSite(EdgeSite Site, SiteRouting Routing, StaticFileHandler Files)
{
    /// <summary>The router's filesystem question for this site, made once rather than per request.</summary>
    public Func<string, bool> FileExists { get; } = path => Files.Probe(path) == StaticPathKind.File;
}
