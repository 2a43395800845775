using Runway.Runtime.Isolation;

namespace Runway.Runtime;

/// <summary>Timing and limits of supervision, with their defaults in one place.</summary>
public sealed class SupervisorOptions
{
    /// <summary>Restart delay after the first failure; it doubles with each consecutive restart.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest restart delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An instance that stayed healthy this long starts over with <see cref="InitialBackoff"/> and a fresh retry count.</summary>
    public TimeSpan StablePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time between health probes while an instance starts (until healthy or its start timeout).</summary>
    public TimeSpan StartProbeInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time between SIGTERM and SIGKILL when an instance spec does not say (Railway's drainingSeconds).</summary>
    public TimeSpan DefaultStopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When an instance's main process ended, how long processes it left behind get between SIGTERM and SIGKILL.</summary>
    public TimeSpan LeftoverGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for a process group to vanish after SIGKILL before reporting it.</summary>
    public TimeSpan KillWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a stopping process group is checked for remaining processes.</summary>
    public TimeSpan StopPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>After an instance's processes ended, how long to wait for their last output lines before deciding what to do.</summary>
    public TimeSpan OutputDrainWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Output lines kept per instance for failure reports.</summary>
    public int RecentOutputLines { get; init; } = 50;

    /// <summary>Longer output lines are delivered in pieces of this many bytes.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024;

    /// <summary>Whether instances run confined (own cgroup with their limits, own system user) when Runway runs as root.
    /// Off unless asked for, so a supervisor started by root in a tool or test runs commands exactly as its caller would;
    /// the daemon turns it on (<see cref="IsolationMode.WhenRoot"/>) and shows <see cref="Supervisor.Isolation"/> once.</summary>
    public IsolationMode Isolation { get; init; } = IsolationMode.Off;

    /// <summary>Variables an instance inherits from Runway's own environment (names; a trailing '*' matches a prefix).
    /// Everything else comes from the app's spec, so Runway's own settings and secrets do not leak into apps.</summary>
    public IReadOnlyList<string> InheritedVariables { get; init; } =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_*", "TZ", "TMPDIR",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
    ];
}
