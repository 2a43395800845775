using System.Globalization;
using Runway.Config.Documents;
using Runway.Config.Nixpacks;
using Runway.Config.Procfile;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>One service to assemble: its directory, the Procfile type it runs, and what runway.toml says about it.</summary>
/// <param name="Primary">Whether it is its directory's primary process (the Procfile's web, else the first): it alone takes the
/// directory's start command, release commands, health check, replicas and schedule; the others share only the build and restart policy.</param>
/// <param name="Declared">runway.toml's layer for the service, with the environment's overrides already laid over it.</param>
/// <param name="WebHint">Whether something besides an explicit type says the service receives traffic.</param>
internal sealed record ServicePlan(
    string Name,
    ServiceDirectory Directory,
    ProcfileEntry? Process,
    bool Primary,
    ServiceLayer Declared,
    bool WebHint,
    ServiceKind FallbackKind,
    SourceLocation DefinedAt);

/// <summary>
/// Lays one service's layers over each other, lowest first: provider defaults (left null) &lt; package.json &lt; Procfile
/// &lt; nixpacks.toml &lt; NIXPACKS_*_CMD variables &lt; railway.toml/json (with its environment) &lt; runway.toml (with its environment).
/// </summary>
internal sealed class ServiceAssembler
{
    private readonly string _environment;
    private readonly ValueMap _appVariables;
    private readonly ValueMap _extraVariables;
    private readonly DiagnosticBag _diagnostics;

    public ServiceAssembler(string environment, ValueMap appVariables, ValueMap extraVariables, DiagnosticBag diagnostics)
    {
        _environment = environment;
        _appVariables = appVariables;
        _extraVariables = extraVariables;
        _diagnostics = diagnostics;
    }

    /// <summary>The file layers of a directory for the environment (railway's environment overrides applied).</summary>
    public ServiceLayer FileLayers(ServiceDirectory directory, ProcfileEntry? process, bool primary, ValueMap serviceVariables)
    {
        var railway = directory.Railway()?.ForEnvironment(_environment) ?? ServiceLayer.Empty;
        var effective = _appVariables.With(serviceVariables).With(_extraVariables);
        var nixpacksPath = railway.NixpacksConfigPath ?? NixpacksEnvironment.Value(effective, NixpacksEnvironment.ConfigFile);
        var nixpacks = directory.Nixpacks(nixpacksPath) ?? ServiceLayer.Empty;
        var procfile = directory.Procfile();
        var processLayer = ServiceLayer.Empty;
        if (process is not null)
        {
            processLayer = processLayer with { StartCommand = process.Command, StartCommandAt = process.Location };
        }

        if (primary && procfile?.Find(ProcfileDocument.Release) is { } release)
        {
            // Heroku: the release process runs once per release, before the new version takes traffic.
            processLayer = processLayer with { ReleaseCommands = ValueList.Of(release.Command) };
        }

        ServiceLayer Share(ServiceLayer layer) => primary ? layer : layer.SharedPart();
        return ServiceLayer.Stack([Share(directory.PackageJsonLayer()), processLayer, Share(nixpacks), Share(NixpacksEnvironment.Layer(effective)), Share(railway)]);
    }

    public ServiceSpec Assemble(ServicePlan plan)
    {
        var directoryVariables = plan.Directory.Path == "." ? ValueMap.Empty : plan.Directory.DotEnv();
        var serviceVariables = directoryVariables.With(plan.Declared.Variables);
        var files = FileLayers(plan.Directory, plan.Process, plan.Primary, serviceVariables);
        var final = ServiceLayer.Stack([ServiceLayer.Empty with { Variables = directoryVariables }, files, plan.Declared]);

        var kind = final.Kind
            ?? (final.CronSchedule is not null ? ServiceKind.Cron : plan.WebHint || final.HealthcheckPath is not null ? ServiceKind.Web : plan.FallbackKind);
        var schedule = final.CronSchedule;
        if (kind == ServiceKind.Cron && schedule is null)
        {
            _diagnostics.Error(plan.DefinedAt, $"service \"{plan.Name}\" is a cron service but has no cronSchedule; add one such as cronSchedule = \"*/5 * * * *\"");
        }
        else if (kind != ServiceKind.Cron && schedule is not null)
        {
            _diagnostics.Warning(plan.DefinedAt, $"service \"{plan.Name}\" has type {kind.ToString().ToLowerInvariant()}, so its cronSchedule is ignored");
            schedule = null;
        }

        var autoscale = final.Autoscale?.ToSpec(plan.Name, kind, _diagnostics);
        var replicas = autoscale is null ? final.Replicas ?? 1 : StartingReplicas(plan, final, autoscale);

        // Variables given to the loader win over every file.
        var variables = final.Variables.With(_extraVariables.Where(v => final.Variables.ContainsKey(v.Key)));
        return new ServiceSpec(
            plan.Name,
            kind,
            plan.Directory.Path,
            ToBuild(final),
            final.StartCommand,
            final.ReleaseCommands ?? ValueList<string>.Empty,
            new HealthCheckSpec(final.HealthcheckPath, TimeSpan.FromSeconds(final.HealthcheckTimeoutSeconds ?? (int)HealthCheckSpec.DefaultStartTimeout.TotalSeconds)),
            new RestartPolicy(final.RestartPolicy ?? RestartPolicyKind.OnFailure, final.RestartMaxRetries ?? RestartPolicy.DefaultMaxRetries),
            replicas,
            variables)
        {
            CronSchedule = schedule,
            DefinedAt = plan.DefinedAt,
            OverlapSeconds = final.OverlapSeconds,
            DrainingSeconds = final.DrainingSeconds,
            Domains = final.Domains ?? ValueList<string>.Empty,
            Limits = final.Limits ?? ResourceLimits.None,
            Autoscale = autoscale,
        };
    }

    /// <summary>An autoscaled service starts with its replica count held within [min, max]; a count written outside is reported.</summary>
    private int StartingReplicas(ServicePlan plan, ServiceLayer final, AutoscaleSpec autoscale)
    {
        var replicas = Math.Clamp(final.Replicas ?? autoscale.Min, autoscale.Min, autoscale.Max);
        if (final.Replicas is { } written && written != replicas)
        {
            _diagnostics.Warning(final.Autoscale!.DefinedAt, string.Create(CultureInfo.InvariantCulture,
                $"service \"{plan.Name}\" asks for {written} replicas, outside its autoscale range {autoscale.Min}..{autoscale.Max}; it starts with {replicas}"));
        }

        return replicas;
    }

    /// <summary>The build of a layer: phases in the nixpacks order when one was given, else install then build.</summary>
    public static BuildSpec ToBuild(ServiceLayer layer)
    {
        var order = layer.PhaseOrder ?? ValueList.Of(BuildSpec.InstallPhase, BuildSpec.BuildPhaseName);
        var phases = order
            .Select(name => new BuildPhase(name, layer.Phases.FirstOrDefault(p => p.Name == name)?.Commands))
            .Concat(layer.Phases.Where(p => !order.Contains(p.Name)))
            .ToValueList();
        return new BuildSpec(layer.Provider, phases, layer.BuildVariables)
        {
            OutputDirectory = layer.OutputDirectory,
            Builder = layer.Builder,
            DockerfilePath = layer.DockerfilePath,
        };
    }
}
