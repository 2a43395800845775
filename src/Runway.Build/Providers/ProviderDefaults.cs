using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>What a provider would do for a source directory when the spec says nothing.</summary>
/// <param name="Phases">Default phases in run order; a phase with no commands may be omitted.</param>
/// <param name="StartCommand">Default start command, or null when the provider found none.</param>
/// <param name="StartHint">What the provider looked for when it found no start command (for the error message).</param>
/// <param name="BuildEnvironment">Variables set while building.</param>
/// <param name="RunEnvironment">Variables set at run time.</param>
/// <param name="PathPrefixes">Directories relative to the part directory put first on PATH while building (once they exist) and at run time.</param>
internal sealed record ProviderDefaults(
    ValueList<PlannedPhase> Phases,
    string? StartCommand,
    string StartHint,
    ValueMap BuildEnvironment,
    ValueMap RunEnvironment,
    ValueList<string> PathPrefixes)
{
    public static ProviderDefaults None(string startHint) =>
        new(ValueList<PlannedPhase>.Empty, null, startHint, ValueMap.Empty, ValueMap.Empty, ValueList<string>.Empty);

    public ValueList<string> CommandsOf(string phase) =>
        Phases.FirstOrDefault(p => p.Name == phase)?.Commands ?? ValueList<string>.Empty;
}
