namespace Runway.Build;

public enum BuildOutputSource
{
    /// <summary>A line the build command wrote to stdout.</summary>
    Stdout,

    /// <summary>A line the build command wrote to stderr.</summary>
    Stderr,

    /// <summary>A line from Runway itself: the step being started, its outcome, a warning.</summary>
    Runway,
}

/// <summary>One line of build output, reported as it happens.</summary>
/// <param name="Part">The service or site being built (empty for app-level lines).</param>
public sealed record BuildOutputLine(string Part, BuildOutputSource Source, string Text, DateTimeOffset Time)
{
    public override string ToString() => Part.Length == 0 ? Text : $"[{Part}] {Text}";
}
