using Runway.Build.Providers;
using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>Decides how each part of an app is built and started, from its spec and the files in its directory.
/// Reads files; runs nothing.</summary>
public sealed class BuildPlanner
{
    private readonly ProviderRegistry _providers = new();

    /// <summary>Plans every service, then every site, in spec order.</summary>
    public AppPlanResult Plan(AppSpec app)
    {
        var plans = new List<BuildPlan>();
        var diagnostics = new List<Diagnostic>();
        diagnostics.AddRange(PartNameRules.Check(app));

        foreach (var service in app.Services)
        {
            Collect(PlanService(app, service), plans, diagnostics);
        }

        foreach (var site in app.Sites)
        {
            Collect(PlanSite(app, site), plans, diagnostics);
        }

        return new AppPlanResult(plans.ToValueList(), diagnostics.ToValueList());
    }

    public PartPlanResult PlanService(AppSpec app, ServiceSpec service) =>
        PlanService(app, service, new DiskSourceFiles(PartDirectory(app, service.Directory)));

    public PartPlanResult PlanSite(AppSpec app, SiteSpec site) =>
        PlanSite(app, site, new DiskSourceFiles(PartDirectory(app, site.Directory)));

    internal PartPlanResult PlanService(AppSpec app, ServiceSpec service, ISourceFiles files)
    {
        var diagnostics = new List<Diagnostic>();
        var location = service.DefinedAt ?? new SourceLocation(files.DisplayPath);
        if (!CheckDirectory(files, $"service '{service.Name}'", service.Directory, location, diagnostics))
        {
            return new PartPlanResult(null, diagnostics.ToValueList());
        }

        var provider = ChooseProvider(service.Build, files, location, diagnostics, detect: () => _providers.Detect(files) ?? _providers.Static);
        if (provider is null)
        {
            return new PartPlanResult(null, diagnostics.ToValueList());
        }

        var defaults = provider.Defaults(files, diagnostics);
        var start = string.IsNullOrWhiteSpace(service.StartCommand) ? defaults.StartCommand : service.StartCommand.Trim();
        if (start is null && !diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(Diagnostic.Error(location, MissingStartMessage(service, provider, defaults)));
        }

        var plan = CreatePlan(service.Name, PartKind.Service, service.Directory, service.Build, provider, defaults, start,
            app.Variables.With(service.Variables).With(service.Build.Variables));
        return new PartPlanResult(diagnostics.Any(d => d.IsError) ? null : plan, diagnostics.ToValueList());
    }

    internal PartPlanResult PlanSite(AppSpec app, SiteSpec site, ISourceFiles files)
    {
        var diagnostics = new List<Diagnostic>();
        var location = new SourceLocation(files.DisplayPath);
        if (!CheckDirectory(files, $"site '{site.Name}'", site.Directory, location, diagnostics))
        {
            return new PartPlanResult(null, diagnostics.ToValueList());
        }

        // A site is always served as static files; a package.json with a build script (or given build commands) is built by node first.
        var provider = ChooseProvider(site.Build, files, location, diagnostics, detect: () => DetectSiteBuilder(site, files, diagnostics));
        if (provider is null)
        {
            return new PartPlanResult(null, diagnostics.ToValueList());
        }

        var outputDirectory = NormalizeOutputDirectory(site.Build.OutputDirectory);
        if (outputDirectory is not null && !StaysInside(outputDirectory))
        {
            diagnostics.Add(Diagnostic.Error(location, $"site '{site.Name}': output directory '{outputDirectory}' must be a path inside the site's directory, such as 'dist'"));
        }

        var defaults = provider.Defaults(files, diagnostics);
        var plan = CreatePlan(site.Name, PartKind.Site, site.Directory, site.Build, provider, defaults, null,
            app.Variables.With(site.Build.Variables)) with { OutputDirectory = outputDirectory };
        return new PartPlanResult(diagnostics.Any(d => d.IsError) ? null : plan, diagnostics.ToValueList());
    }

    private static BuildPlan CreatePlan(
        string name, PartKind kind, string directory, BuildSpec build, IBuildProvider provider, ProviderDefaults defaults, string? start, ValueMap variables) =>
        new(
            name,
            kind,
            directory,
            provider.Name,
            PhaseResolver.Resolve(build.Phases, defaults.Phases),
            start,
            defaults.BuildEnvironment,
            defaults.RunEnvironment,
            variables,
            defaults.PathPrefixes);

    private IBuildProvider? ChooseProvider(BuildSpec build, ISourceFiles files, SourceLocation location, List<Diagnostic> diagnostics, Func<IBuildProvider> detect)
    {
        if (string.Equals(build.Builder, "DOCKERFILE", StringComparison.OrdinalIgnoreCase))
        {
            // Railway builds DOCKERFILE parts with Docker; Runway runs processes and has no image builder.
            diagnostics.Add(Diagnostic.Warning(location, "builder DOCKERFILE is not supported; building with the detected provider instead (set build.builder to NIXPACKS or RAILPACK to silence this)"));
        }

        if (string.IsNullOrWhiteSpace(build.Provider))
        {
            return detect();
        }

        var provider = _providers.ByName(build.Provider.Trim());
        if (provider is null)
        {
            diagnostics.Add(Diagnostic.Error(location, $"unknown build provider '{build.Provider}'; use one of {string.Join(", ", _providers.Names)}, or leave it out to detect from the files"));
        }

        return provider;
    }

    private IBuildProvider DetectSiteBuilder(SiteSpec site, ISourceFiles files, List<Diagnostic> diagnostics)
    {
        if (!_providers.Node.Detect(files))
        {
            return _providers.Static;
        }

        var packageProblems = new List<Diagnostic>();
        if (PackageJson.Read(files, packageProblems).HasScript("build") || HasBuildCommands(site.Build))
        {
            return _providers.Node;
        }

        diagnostics.AddRange(packageProblems);
        return _providers.Static;
    }

    private static bool HasBuildCommands(BuildSpec build) =>
        build.Phase(BuildSpec.BuildPhaseName)?.Commands is { } commands && commands.Any(c => c.Trim().Length > 0 && c.Trim() != BuildSpec.ProviderDefault);

    private static string MissingStartMessage(ServiceSpec service, IBuildProvider provider, ProviderDefaults defaults)
    {
        var found = provider.Name == StaticProvider.ProviderName && defaults.StartHint.StartsWith("no ", StringComparison.Ordinal)
            ? defaults.StartHint
            : $"it was built as {provider.Name} and {defaults.StartHint}";
        return $"service '{service.Name}' has no start command: {found}; add a start script to package.json, a Procfile web line, or deploy.startCommand in railway.toml";
    }

    private static bool CheckDirectory(ISourceFiles files, string part, string directory, SourceLocation location, List<Diagnostic> diagnostics)
    {
        if (files.DirectoryExists("."))
        {
            return true;
        }

        diagnostics.Add(Diagnostic.Error(location, $"{part}: its directory '{directory}' does not exist ({files.DisplayPath}); correct the directory setting"));
        return false;
    }

    private static bool StaysInside(string relativePath)
    {
        const string Probe = "/part";
        var full = Path.GetFullPath(Path.Combine(Probe, relativePath));
        return !Path.IsPathRooted(relativePath) && full.StartsWith(Probe + "/", StringComparison.Ordinal);
    }

    private static string? NormalizeOutputDirectory(string? outputDirectory)
    {
        var trimmed = outputDirectory?.Trim().TrimEnd('/');
        return string.IsNullOrEmpty(trimmed) || trimmed == "." ? null : Path.TrimEndingDirectorySeparator(trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed);
    }

    private static string PartDirectory(AppSpec app, string directory) =>
        Path.GetFullPath(Path.Combine(app.RootDirectory, string.IsNullOrEmpty(directory) ? "." : directory));

    private static void Collect(PartPlanResult result, List<BuildPlan> plans, List<Diagnostic> diagnostics)
    {
        diagnostics.AddRange(result.Diagnostics);
        if (result.Plan is not null)
        {
            plans.Add(result.Plan);
        }
    }
}
