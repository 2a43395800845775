namespace Runway.State;

/// <summary>Whether the user wants an app's processes running (<c>runway start</c>) or not (<c>runway stop</c>).</summary>
public enum AppDesiredState
{
    Running,
    Stopped,
}

/// <summary>One deployed app as the daemon remembers it between restarts.</summary>
/// <param name="Name">The app's unique name.</param>
/// <param name="SourceDirectory">Where the app's source is read from.</param>
/// <param name="Environment">The environment it runs as (<c>production</c>, <c>staging</c>, <c>preview-BRANCH</c>).</param>
/// <param name="Desired">Whether its processes should run.</param>
/// <param name="CurrentRelease">The release serving now, or null before the first successful deployment.</param>
/// <param name="PreviousRelease">The release served before the current one (what <c>runway rollback</c> returns to).</param>
public sealed record AppRecord(
    string Name,
    string SourceDirectory,
    string Environment,
    AppDesiredState Desired,
    int? CurrentRelease,
    int? PreviousRelease)
{
    /// <summary>Replica counts set by <c>runway scale web=3</c>, overriding the spec's; empty by default.</summary>
    public ScaleOverrides Scale { get; init; } = ScaleOverrides.Empty;
}
