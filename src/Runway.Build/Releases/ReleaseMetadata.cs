using Runway.Build.Planning;

namespace Runway.Build.Releases;

public enum ReleaseStatus
{
    /// <summary>The build is running (or was interrupted before it could record an outcome).</summary>
    Building,

    /// <summary>Every part built; the release is final and never modified again.</summary>
    Complete,

    /// <summary>A part failed to build or the build was cancelled; kept for inspection.</summary>
    Failed,
}

/// <summary>The contents of a release's release.json. User variables are not stored here (they may be secrets).</summary>
public sealed record ReleaseMetadata(string App, int Number, DateTimeOffset CreatedAt, ReleaseStatus Status, IReadOnlyList<ReleasePart> Parts)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public ReleaseFailure? Failure { get; init; }
}

/// <summary>One part as built: provider, commands, start command and the provider's run-time additions.</summary>
/// <param name="OutputDirectory">For sites: the served directory relative to the part directory ("." for the part directory
/// itself) once built; before that, the configured value or null.</param>
public sealed record ReleasePart(
    string Name,
    PartKind Kind,
    string SourceDirectory,
    string Provider,
    IReadOnlyList<ReleasePhase> Phases,
    string? StartCommand,
    string? OutputDirectory,
    IReadOnlyDictionary<string, string> ProviderRunEnvironment,
    IReadOnlyList<string> PathPrefixes)
{
    public static ReleasePart From(BuildPlan plan) =>
        new(
            plan.PartName,
            plan.Kind,
            plan.SourceDirectory,
            plan.Provider,
            plan.Phases.Select(p => new ReleasePhase(p.Name, p.Commands.ToList())).ToList(),
            plan.StartCommand,
            plan.OutputDirectory,
            plan.ProviderRunEnvironment.ToDictionary(StringComparer.Ordinal),
            plan.PathPrefixes.ToList());
}

public sealed record ReleasePhase(string Name, IReadOnlyList<string> Commands);

/// <summary>Why a release failed: the part, and when a command failed, which one and its exit code.</summary>
public sealed record ReleaseFailure(string Part, string? Phase, string? Command, int? ExitCode, string Message);
