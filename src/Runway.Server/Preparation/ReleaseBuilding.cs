using Runway.Build;
using Runway.Build.Releases;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Preparation;

/// <summary>Builds an app into a new release, streaming the build's output.</summary>
internal static class ReleaseBuilding
{
    /// <returns>The built release, or null when the build failed (the failing command and its last lines reported).</returns>
    public static async Task<BuiltRelease?> BuildAsync(AppSpec app, ReleaseStore releases, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var builder = new Builder(releases);
        var output = new OrderedProgress<BuildOutputLine>(line =>
            progress.Line(line.Source == BuildOutputSource.Runway || line.Part.Length == 0 ? "build" : $"{line.Part}:build", line.Text));
        var result = await builder.BuildAppAsync(app, output, cancellationToken);
        if (result.Succeeded)
        {
            progress.Step($"built {result.Release}");
            return BuiltRelease.From(app, result);
        }

        if (result.Failure is { } failure)
        {
            progress.Error($"build failed: {failure.Message}");
            if (failure.LastLines.Count > 0)
            {
                progress.Detail($"last {failure.LastLines.Count} lines of `{failure.Command}`:");
                foreach (var line in failure.LastLines)
                {
                    progress.Detail("  " + line);
                }
            }
        }
        else
        {
            foreach (var diagnostic in result.Diagnostics.Where(d => d.IsError))
            {
                progress.Error(diagnostic.ToString());
            }

            progress.Error("nothing was built");
        }

        return null;
    }
}
