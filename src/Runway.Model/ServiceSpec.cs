namespace Runway.Model;

public enum ServiceKind
{
    /// <summary>Receives HTTP traffic and must bind <c>$PORT</c>.</summary>
    Web,

    /// <summary>A long-running process with no port.</summary>
    Worker,

    /// <summary>Runs on a schedule (<see cref="ServiceSpec.CronSchedule"/>).</summary>
    Cron,
}

/// <summary>One long-running process type of an app.</summary>
/// <param name="Name">Service name, unique in the app (<c>web</c>, <c>worker</c>, <c>api</c>).</param>
/// <param name="Directory">The service's root directory, relative to the app root (<c>.</c> for the root).</param>
/// <param name="StartCommand">Shell command that starts one instance; null lets the build provider choose.</param>
/// <param name="ReleaseCommands">Commands run once per release before traffic moves (Railway preDeployCommand, Procfile release).</param>
public sealed record ServiceSpec(
    string Name,
    ServiceKind Kind,
    string Directory,
    BuildSpec Build,
    string? StartCommand,
    ValueList<string> ReleaseCommands,
    HealthCheckSpec Health,
    RestartPolicy Restart,
    int Replicas,
    ValueMap Variables)
{
    /// <summary>5-field crontab (UTC) for <see cref="ServiceKind.Cron"/> services.</summary>
    public string? CronSchedule { get; init; }

    /// <summary>Where the service was declared, for messages.</summary>
    public SourceLocation? DefinedAt { get; init; }

    /// <summary>Seconds old instances keep serving after new ones are up (Railway overlapSeconds).</summary>
    public int? OverlapSeconds { get; init; }

    /// <summary>Seconds between SIGTERM and SIGKILL (Railway drainingSeconds).</summary>
    public int? DrainingSeconds { get; init; }

    /// <summary>Public host names this service answers to elsewhere (e.g. its Railway domain): the edge sends
    /// requests and vercel.json rewrites aimed at these hosts to this service (runway.toml <c>domains</c>).</summary>
    public ValueList<string> Domains { get; init; } = ValueList<string>.Empty;

    /// <summary>Memory, CPU and process limits of each instance (runway.toml <c>[services.NAME.limits]</c>).</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.None;

    /// <summary>Keeps the replica count between a minimum and a maximum by load (runway.toml <c>[services.NAME.autoscale]</c>);
    /// null: the count stays at <see cref="Replicas"/>.</summary>
    public AutoscaleSpec? Autoscale { get; init; }
}
