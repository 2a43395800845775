using Runway.Config.Nixpacks;
using Runway.Config.Procfile;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// The parts of an app without runway.toml services or sites, found from the files at its root:
/// <list type="number">
/// <item>A Procfile's process types, or a start command in railway.toml/json, nixpacks.toml or NIXPACKS_START_CMD, make
/// services (each Procfile type one service; otherwise one <c>web</c> service). A vercel.json beside them is not used
/// (warning): the directory runs a server.</item>
/// <item>Else a vercel.json makes the directory a site named <c>web</c> (package.json's start script is then a dev server,
/// not what Vercel deploys).</item>
/// <item>Else a start the providers can infer (package.json start script or main, main.py/app.py/..., a *.csproj, go.mod)
/// makes one <c>web</c> service.</item>
/// <item>Else an index.html (at the root or in public/) makes a site named <c>web</c>.</item>
/// </list>
/// A <c>web</c> service with a Railway cronSchedule is a cron service named <c>cron</c>.
/// </summary>
internal static class DetectedParts
{
    public const string DefaultName = "web";
    public const string CronName = "cron";

    public static (List<ServiceSpec> Services, List<SiteSpec> Sites) Read(LoadContext context, ServiceAssembler assembler)
    {
        var root = context.Directory(".");
        var procfile = root.Procfile();
        var processes = procfile?.Processes.ToList() ?? [];
        var primaryLayers = assembler.FileLayers(root, null, primary: true, ValueMap.Empty);
        var explicitStart = processes.Count > 0 ? root.File(ServiceDirectory.ProcfileName) : ExplicitStartSource(root, primaryLayers);
        if (explicitStart is not null)
        {
            if (root.HasVercelJson)
            {
                context.Diagnostics.Warning(new SourceLocation(root.File(ServiceDirectory.VercelJson)),
                    $"vercel.json is not used: this directory runs a server ({explicitStart}); to serve a site as well, declare it under [sites] in runway.toml");
            }

            return (Services(root, processes, primaryLayers, assembler), []);
        }

        if (root.HasVercelJson)
        {
            return ([], [SiteAssembler.Assemble(DefaultName, root, ServiceLayer.Empty)]);
        }

        if (primaryLayers.StartCommand is not null || root.StartableEntry is not null)
        {
            return (Services(root, processes, primaryLayers, assembler), []);
        }

        if (root.HasStaticIndex)
        {
            return ([], [SiteAssembler.Assemble(DefaultName, root, ServiceLayer.Empty)]);
        }

        // A file that failed to read already explains why nothing was found.
        if (context.Diagnostics.HasErrors)
        {
            return ([], []);
        }

        context.Diagnostics.Error(new SourceLocation("."),
            "found nothing to run: add a Procfile, a railway.toml with deploy.startCommand, a package.json with a start script, "
            + "an index.html or vercel.json for a static site, or a runway.toml declaring [services] or [sites]");
        return ([], []);
    }

    /// <summary>The file that names a start command explicitly (not one inferred from package.json), or null.</summary>
    private static string? ExplicitStartSource(ServiceDirectory root, ServiceLayer layers)
    {
        if (layers.StartCommand is null || layers.StartCommandAt is null)
        {
            return layers.StartCommand is not null ? NixpacksEnvironment.StartCommand : null;
        }

        var file = layers.StartCommandAt.File;
        return file == root.File(ServiceDirectory.PackageJsonName) ? null : file;
    }

    private static List<ServiceSpec> Services(ServiceDirectory root, List<ProcfileEntry> processes, ServiceLayer primaryLayers, ServiceAssembler assembler)
    {
        if (processes.Count == 0)
        {
            var definedAt = primaryLayers.StartCommandAt ?? new SourceLocation(".");
            var spec = assembler.Assemble(new ServicePlan(DefaultName, root, null, true, ServiceLayer.Empty, true, ServiceKind.Web, definedAt));
            return [spec.Kind == ServiceKind.Cron ? spec with { Name = CronName } : spec];
        }

        var primary = processes.Find(p => p.Type == ProcfileDocument.Web) ?? processes[0];
        return processes
            .Select(process => assembler.Assemble(new ServicePlan(
                process.Type,
                root,
                process,
                process == primary,
                ServiceLayer.Empty,
                process.Type == ProcfileDocument.Web,
                process.Type == ProcfileDocument.Web ? ServiceKind.Web : ServiceKind.Worker,
                process.Location)))
            .ToList();
    }
}
