using Runway.Build;
using Runway.Runtime;
using Runway.Runtime.Isolation;

namespace Runway.Server.Daemon;

/// <summary>How `runway serve` runs, with its defaults in one place.</summary>
internal sealed record DaemonOptions(RunwayHome Home)
{
    /// <summary>The edge's port for every app (0: the OS chooses).</summary>
    public int EdgePort { get; init; } = 8080;

    /// <summary>The API's port on 127.0.0.1 (0: the OS chooses; the CLI finds it in the daemon file).</summary>
    public int ApiPort { get; init; }

    public int? AdminPort { get; init; }

    /// <summary>Instances are isolated (own system user, own cgroup with the spec's limits) whenever Runway runs as root.</summary>
    public SupervisorOptions Supervision { get; init; } = new() { Isolation = IsolationMode.WhenRoot };

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often autoscaled services are looked at.</summary>
    public TimeSpan AutoscaleInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Releases kept per app beside the current and previous ones.</summary>
    public int KeepReleases { get; init; } = 5;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The clock of scheduled backups and their retention; null: <see cref="Time"/>.</summary>
    public TimeProvider? ScheduleTime { get; init; }

    /// <summary>Where alert lines go (a failed backup, S3 copy or retention run): the daemon's standard error.</summary>
    public TextWriter Alerts { get; init; } = Console.Error;
}
