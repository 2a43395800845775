using Runway.Config.Procfile;
using Runway.Config.RunwayToml;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// The services and sites runway.toml declares, each read from its own root with that directory's files.
/// In a directory with a Procfile, a service runs the process type with its own name, else the first service runs
/// <c>web</c> (or the first type); the service running <c>web</c> (else the first) is the directory's primary service.
/// </summary>
internal static class DeclaredParts
{
    public static (List<ServiceSpec> Services, List<SiteSpec> Sites) Read(LoadContext context, RunwayConfig runway, ServiceAssembler assembler)
    {
        var overrides = runway.ForEnvironment(context.Environment);
        WarnAboutUnknownOverrides(context, runway, overrides);

        var located = runway.Services
            .Select(s => (Config: s, Path: context.ResolveRoot(s.Root, $"services.{s.Name}.root", s.RootAt)))
            .Where(s => s.Path is not null)
            .ToList();
        var services = new List<ServiceSpec>();
        foreach (var group in located.GroupBy(s => s.Path!))
        {
            var directory = context.Directory(group.Key);
            var members = group.Select(s => s.Config).ToList();
            var procfile = directory.Procfile();
            var processes = AssignProcesses(procfile, members);
            foreach (var unused in procfile?.Processes.Where(p => !processes.ContainsValue(p)) ?? [])
            {
                context.Diagnostics.Warning(unused.Location, $"process type \"{unused.Type}\" is not run: no service in runway.toml uses it (declare [services.{unused.Type}] with root \"{group.Key}\" to run it)");
            }

            var primary = members.FirstOrDefault(m => processes[m.Name]?.Type == ProcfileDocument.Web) ?? members[0];
            foreach (var service in members)
            {
                var process = processes[service.Name];
                var declared = overrides?.ServiceLayer(service.Name, service.Layer) ?? service.Layer;
                var webHint = service.Name == ProcfileDocument.Web || process?.Type == ProcfileDocument.Web || service.Name == runway.Entry;
                services.Add(assembler.Assemble(new ServicePlan(service.Name, directory, process, service == primary, declared, webHint, ServiceKind.Worker, service.DefinedAt)));
            }
        }

        // Ordered as declared, whatever directory they share.
        services = services.OrderBy(s => runway.Services.ToList().FindIndex(d => d.Name == s.Name)).ToList();

        var sites = new List<SiteSpec>();
        foreach (var site in runway.Sites)
        {
            if (context.ResolveRoot(site.Root, $"sites.{site.Name}.root", site.RootAt) is { } path)
            {
                var declared = overrides?.SiteLayer(site.Name, site.Layer) ?? site.Layer;
                sites.Add(SiteAssembler.Assemble(site.Name, context.Directory(path), declared));
            }
        }

        return (services, sites);
    }

    private static Dictionary<string, ProcfileEntry?> AssignProcesses(ProcfileDocument? procfile, List<RunwayServiceConfig> members)
    {
        var assigned = members.ToDictionary(m => m.Name, m => procfile?.Processes.FirstOrDefault(p => p.Type == m.Name));
        if (procfile is null)
        {
            return assigned;
        }

        var first = members.FirstOrDefault(m => assigned[m.Name] is null);
        var primary = procfile.Find(ProcfileDocument.Web) ?? procfile.Processes.FirstOrDefault();
        if (first is not null && primary is not null && !assigned.ContainsValue(primary))
        {
            assigned[first.Name] = primary;
        }

        return assigned;
    }

    private static void WarnAboutUnknownOverrides(LoadContext context, RunwayConfig runway, RunwayEnvironmentConfig? overrides)
    {
        if (overrides is null)
        {
            return;
        }

        foreach (var (name, over) in overrides.Services.Where(o => runway.Services.All(s => s.Name != o.Key)))
        {
            context.Diagnostics.Warning(over.DefinedAt, $"there is no [services.{name}] to override; this table is ignored");
        }

        foreach (var (name, over) in overrides.Sites.Where(o => runway.Sites.All(s => s.Name != o.Key)))
        {
            context.Diagnostics.Warning(over.DefinedAt, $"there is no [sites.{name}] to override; this table is ignored");
        }
    }
}
