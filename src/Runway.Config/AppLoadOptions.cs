using Runway.Model;

namespace Runway.Config;

/// <summary>What to load: the environment whose overrides apply, and variables that win over every file.</summary>
public sealed record AppLoadOptions
{
    public static AppLoadOptions Default { get; } = new();

    /// <summary>The environment (<c>production</c>, <c>staging</c>, <c>preview-BRANCH</c>...); its <c>environments.NAME</c> overrides apply.</summary>
    public string Environment { get; init; } = "production";

    /// <summary>Variables given on the command line: added to the app's variables and replacing any service variable of the same name.</summary>
    public ValueMap Variables { get; init; } = ValueMap.Empty;
}

/// <summary>The app read from a directory, or why it could not be.</summary>
/// <param name="Spec">The app; null when any diagnostic is an error (a malformed file starts nothing).</param>
/// <param name="Diagnostics">Errors and warnings in the order found, each with its file:line:col.</param>
public sealed record AppLoadResult(AppSpec? Spec, ValueList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
