using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>
/// What one config file (or one environment's overrides) says about a service or site. Every field is optional;
/// <see cref="Over"/> lays a higher-precedence layer over a lower one, field by field.
/// </summary>
internal sealed record ServiceLayer
{
    public static ServiceLayer Empty { get; } = new();

    /// <summary>The kind as declared (runway.toml <c>type</c>, or the Procfile type the service runs).</summary>
    public ServiceKind? Kind { get; init; }

    public string? Provider { get; init; }

    public string? Builder { get; init; }

    public string? DockerfilePath { get; init; }

    public string? NixpacksConfigPath { get; init; }

    /// <summary>Phase names in run order (nixpacks.toml's dependency order); null keeps the default order.</summary>
    public ValueList<string>? PhaseOrder { get; init; }

    /// <summary>Phases this layer sets commands for; <see cref="BuildSpec.ProviderDefault"/> splices the lower layer's commands.</summary>
    public ValueList<BuildPhase> Phases { get; init; } = ValueList<BuildPhase>.Empty;

    public ValueMap BuildVariables { get; init; } = ValueMap.Empty;

    public string? OutputDirectory { get; init; }

    public string? StartCommand { get; init; }

    /// <summary>Where the start command was written, for messages.</summary>
    public SourceLocation? StartCommandAt { get; init; }

    public ValueList<string>? ReleaseCommands { get; init; }

    public string? HealthcheckPath { get; init; }

    public int? HealthcheckTimeoutSeconds { get; init; }

    public RestartPolicyKind? RestartPolicy { get; init; }

    public int? RestartMaxRetries { get; init; }

    public int? Replicas { get; init; }

    public string? CronSchedule { get; init; }

    public int? OverlapSeconds { get; init; }

    public int? DrainingSeconds { get; init; }

    /// <summary>Public host names of the service (runway.toml <c>domains</c>).</summary>
    public ValueList<string>? Domains { get; init; }

    /// <summary>Run-time variables of the service.</summary>
    public ValueMap Variables { get; init; } = ValueMap.Empty;

    /// <summary>Resource limits of each instance (runway.toml <c>limits</c>); laid over lower layers limit by limit.</summary>
    public ResourceLimits? Limits { get; init; }

    /// <summary>Replica range and targets (runway.toml <c>autoscale</c>); laid over lower layers field by field.</summary>
    public AutoscaleLayer? Autoscale { get; init; }

    public ServiceLayer WithPhase(string name, ValueList<string> commands) =>
        this with { Phases = Phases.Where(p => p.Name != name).Append(new BuildPhase(name, commands)).ToValueList() };

    /// <summary>This layer laid over <paramref name="lower"/>: every field this layer sets wins.</summary>
    public ServiceLayer Over(ServiceLayer lower) => new()
    {
        Kind = Kind ?? lower.Kind,
        Provider = Provider ?? lower.Provider,
        Builder = Builder ?? lower.Builder,
        DockerfilePath = DockerfilePath ?? lower.DockerfilePath,
        NixpacksConfigPath = NixpacksConfigPath ?? lower.NixpacksConfigPath,
        PhaseOrder = PhaseOrder ?? lower.PhaseOrder,
        Phases = MergePhases(lower.Phases, Phases),
        BuildVariables = lower.BuildVariables.With(BuildVariables),
        OutputDirectory = OutputDirectory ?? lower.OutputDirectory,
        StartCommand = StartCommand ?? lower.StartCommand,
        StartCommandAt = StartCommand is null ? lower.StartCommandAt : StartCommandAt,
        ReleaseCommands = ReleaseCommands ?? lower.ReleaseCommands,
        HealthcheckPath = HealthcheckPath ?? lower.HealthcheckPath,
        HealthcheckTimeoutSeconds = HealthcheckTimeoutSeconds ?? lower.HealthcheckTimeoutSeconds,
        RestartPolicy = RestartPolicy ?? lower.RestartPolicy,
        RestartMaxRetries = RestartMaxRetries ?? lower.RestartMaxRetries,
        Replicas = Replicas ?? lower.Replicas,
        CronSchedule = CronSchedule ?? lower.CronSchedule,
        OverlapSeconds = OverlapSeconds ?? lower.OverlapSeconds,
        DrainingSeconds = DrainingSeconds ?? lower.DrainingSeconds,
        Domains = Domains ?? lower.Domains,
        Variables = lower.Variables.With(Variables),
        Limits = Limits is null ? lower.Limits : lower.Limits is null ? Limits : Limits.Over(lower.Limits),
        Autoscale = Autoscale is null ? lower.Autoscale : lower.Autoscale is null ? Autoscale : Autoscale.Over(lower.Autoscale),
    };

    /// <summary>Only what applies to every process type of a directory (the build and the restart policy);
    /// start command, release, health check, replicas and schedule belong to its primary process.</summary>
    public ServiceLayer SharedPart() => Empty with
    {
        Provider = Provider,
        Builder = Builder,
        DockerfilePath = DockerfilePath,
        NixpacksConfigPath = NixpacksConfigPath,
        PhaseOrder = PhaseOrder,
        Phases = Phases,
        BuildVariables = BuildVariables,
        OutputDirectory = OutputDirectory,
        RestartPolicy = RestartPolicy,
        RestartMaxRetries = RestartMaxRetries,
        OverlapSeconds = OverlapSeconds,
        DrainingSeconds = DrainingSeconds,
        Variables = Variables,
    };

    /// <summary>Lays layers over each other; the first is the lowest precedence.</summary>
    public static ServiceLayer Stack(IEnumerable<ServiceLayer> lowestFirst) =>
        lowestFirst.Aggregate(Empty, (lower, upper) => upper.Over(lower));

    // Nixpacks: "..." in an array splices in the lower-priority value; with nothing below, it stays for the builder.
    private static ValueList<BuildPhase> MergePhases(ValueList<BuildPhase> lower, ValueList<BuildPhase> upper)
    {
        var merged = lower.ToList();
        foreach (var phase in upper)
        {
            var index = merged.FindIndex(p => p.Name == phase.Name);
            if (index < 0)
            {
                merged.Add(phase);
                continue;
            }

            merged[index] = new BuildPhase(phase.Name, Splice(phase.Commands, merged[index].Commands));
        }

        return merged.ToValueList();
    }

    private static ValueList<string>? Splice(ValueList<string>? upper, ValueList<string>? lower)
    {
        if (upper is not { } commands || lower is not { } below || !commands.Contains(BuildSpec.ProviderDefault))
        {
            return upper;
        }

        return commands.SelectMany(c => c == BuildSpec.ProviderDefault ? (IEnumerable<string>)below : [c]).ToValueList();
    }
}
