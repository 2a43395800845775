using System.Collections;
using Runway.Build.Execution;
using Runway.Build.Planning;
using Runway.Build.Releases;
using Runway.Model;

namespace Runway.Build;

/// <summary>Builds an app into a new release: plans every part, copies each part's source into the release, runs its
/// phases there (never in the user's tree), and records the outcome. Parts build in order; the first failure stops the build.</summary>
public sealed class Builder(ReleaseStore releases, BuildPlanner planner, TimeProvider time)
{
    private readonly ShellCommandRunner _runner = new();

    public Builder(ReleaseStore releases)
        : this(releases, new BuildPlanner(), TimeProvider.System)
    {
    }

    /// <summary>Plans and builds every part of the app.</summary>
    /// <param name="output">Receives every output line as it happens, one call at a time, in order (per part, stdout and stderr interleaved as they arrive).</param>
    /// <returns>Planning errors (nothing built, no release), a failure (release marked failed), or a complete release.</returns>
    /// <exception cref="OperationCanceledException">The build was cancelled; the running command's process group was killed
    /// and the release marked failed.</exception>
    public Task<AppBuildResult> BuildAppAsync(AppSpec app, IProgress<BuildOutputLine>? output, CancellationToken cancellationToken) =>
        BuildAppAsync(app, planner.Plan(app), output, cancellationToken);

    /// <summary>Builds the app from plans already made with <see cref="BuildPlanner.Plan"/>.</summary>
    public async Task<AppBuildResult> BuildAppAsync(AppSpec app, AppPlanResult plan, IProgress<BuildOutputLine>? output, CancellationToken cancellationToken)
    {
        if (plan.HasErrors)
        {
            foreach (var diagnostic in plan.Diagnostics)
            {
                output?.Report(new BuildOutputLine("", BuildOutputSource.Runway, diagnostic.ToString(), time.GetUtcNow()));
            }

            return new AppBuildResult(plan.Diagnostics, null, ValueList<PartBuildResult>.Empty, null);
        }

        var release = releases.Create(app.Name, plan.Plans);
        var built = new List<PartBuildResult>();
        BuildFailure? failure;
        try
        {
            failure = await BuildPartsAsync(app, release, plan, built, output, cancellationToken);
        }
        catch (Exception exception)
        {
            // Whatever stopped the build, the release must not stay "building".
            var message = exception is OperationCanceledException ? "the build was cancelled" : "the build stopped: " + exception.Message;
            releases.Finish(release, ReleaseParts(plan.Plans, built), new ReleaseFailure("", null, null, null, message));
            throw;
        }

        var recordedFailure = failure is null ? null : new ReleaseFailure(failure.Part, failure.Phase, failure.Command, failure.ExitCode, failure.Message);
        releases.Finish(release, ReleaseParts(plan.Plans, built), recordedFailure);
        return new AppBuildResult(plan.Diagnostics, release, built.ToValueList(), failure);
    }

    /// <summary>Builds the parts in order into <paramref name="built"/>; returns the first failure, or null.</summary>
    private async Task<BuildFailure?> BuildPartsAsync(
        AppSpec app, Release release, AppPlanResult plan, List<PartBuildResult> built, IProgress<BuildOutputLine>? output, CancellationToken cancellationToken)
    {
        using var log = new BuildLog(release.BuildLogPath, output, time);
        log.Write("", BuildOutputSource.Runway, $"==> building {release} ({plan.Plans.Count} part{(plan.Plans.Count == 1 ? "" : "s")}) in {release.Directory}");
        foreach (var diagnostic in plan.Diagnostics)
        {
            log.Write("", BuildOutputSource.Runway, diagnostic.ToString());
        }

        try
        {
            foreach (var part in plan.Plans)
            {
                var (result, failure) = await BuildPartAsync(app, release, part, log, cancellationToken);
                if (failure is not null)
                {
                    log.Write("", BuildOutputSource.Runway, $"==> {release} failed: {failure.Message}");
                    return failure;
                }

                built.Add(result!);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Write("", BuildOutputSource.Runway, "==> build cancelled");
            throw;
        }

        log.Write("", BuildOutputSource.Runway, $"==> {release} complete");
        return null;
    }

    private async Task<(PartBuildResult? Built, BuildFailure? Failure)> BuildPartAsync(
        AppSpec app, Release release, BuildPlan plan, BuildLog log, CancellationToken cancellationToken)
    {
        var name = plan.PartName;
        var directory = release.PartDirectory(name);
        var source = Path.GetFullPath(Path.Combine(app.RootDirectory, plan.SourceDirectory));
        var started = time.GetTimestamp();
        log.Write(name, BuildOutputSource.Runway, $"==> {name}: {plan.Provider}, copying {source}");
        try
        {
            releases.CopySource(release, name, source, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var message = $"{Describe(plan)}: could not copy its source {source} into the release: {exception.Message}";
            log.Write(name, BuildOutputSource.Runway, "==> " + message);
            return (null, new BuildFailure(name, null, null, null, ValueList<string>.Empty, message));
        }

        var environment = plan.ComposeBuildEnvironment(directory, InheritedEnvironment());
        foreach (var phase in plan.Phases)
        {
            foreach (var command in phase.Commands)
            {
                log.Write(name, BuildOutputSource.Runway, $"==> {name}: {phase.Name}: {command}");
                log.StartCommand();
                var exitCode = await _runner.RunAsync(command, directory, environment, (source, text) => log.Write(name, source, text), cancellationToken);
                if (exitCode != 0)
                {
                    var message = $"{Describe(plan)}: `{command}` ({phase.Name} phase) exited with code {exitCode}; fix the command or the project and build again (full output in {release.BuildLogPath})";
                    log.Write(name, BuildOutputSource.Runway, $"==> {name}: `{command}` exited with code {exitCode}");
                    return (null, new BuildFailure(name, phase.Name, command, exitCode, log.Tail().ToValueList(), message));
                }
            }
        }

        string? output = null;
        if (plan.Kind == PartKind.Site)
        {
            output = plan.ResolveOutputDirectory(directory);
            if (output is null)
            {
                var message = $"{Describe(plan)}: its output directory '{plan.OutputDirectory}' does not exist after the build; set outputDirectory to the directory the build writes";
                log.Write(name, BuildOutputSource.Runway, "==> " + message);
                return (null, new BuildFailure(name, null, null, null, ValueList<string>.Empty, message));
            }

            log.Write(name, BuildOutputSource.Runway, $"==> {name}: serving {Path.GetRelativePath(directory, output)}");
        }

        log.Write(name, BuildOutputSource.Runway, $"==> {name}: built in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
        return (new PartBuildResult(plan, directory, output), null);
    }

    private static string Describe(BuildPlan plan) => $"{(plan.Kind == PartKind.Site ? "site" : "service")} '{plan.PartName}'";

    private static List<ReleasePart> ReleaseParts(ValueList<BuildPlan> plans, List<PartBuildResult> built) =>
        plans.Select(plan =>
        {
            var part = ReleasePart.From(plan);
            var result = built.FirstOrDefault(b => b.Plan == plan);
            return result?.OutputDirectory is { } output ? part with { OutputDirectory = Path.GetRelativePath(result.Directory, output) } : part;
        }).ToList();

    private static IEnumerable<KeyValuePair<string, string>> InheritedEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => new KeyValuePair<string, string>((string)entry.Key, entry.Value as string ?? ""));
}
