using Runway.Build.Planning;
using Runway.Build.Releases;
using Runway.Model;

namespace Runway.Build;

/// <summary>Why a part did not build.</summary>
/// <param name="Phase">The failing phase, when a command failed.</param>
/// <param name="Command">The failing command, when one failed.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="LastLines">The last lines the command printed (stdout and stderr, in arrival order).</param>
/// <param name="Message">A sentence for the user: what failed, and where the full output is.</param>
public sealed record BuildFailure(string Part, string? Phase, string? Command, int? ExitCode, ValueList<string> LastLines, string Message)
{
    public override string ToString() => Message;
}

/// <summary>One part built in a release.</summary>
/// <param name="Directory">The part's directory inside the release; instances start here.</param>
/// <param name="OutputDirectory">For sites: the absolute directory to serve.</param>
public sealed record PartBuildResult(BuildPlan Plan, string Directory, string? OutputDirectory);

/// <summary>The outcome of building an app.</summary>
/// <param name="Diagnostics">Planning messages; when one is an error nothing was built and <paramref name="Release"/> is null.</param>
/// <param name="Release">The release directory (complete on success, failed otherwise).</param>
/// <param name="Parts">The parts that built, in build order.</param>
/// <param name="Failure">The part that failed, or null.</param>
public sealed record AppBuildResult(ValueList<Diagnostic> Diagnostics, Release? Release, ValueList<PartBuildResult> Parts, BuildFailure? Failure)
{
    public bool Succeeded => Release is not null && Failure is null && !Diagnostics.Any(d => d.IsError);
}
