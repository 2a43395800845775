using Runway.Config;
using Runway.Edge.Routing;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Preparation;

/// <summary>Reads an app's files into its spec, reporting every diagnostic at its place.</summary>
internal static class AppReader
{
    /// <returns>The spec, or null when the files have errors (each reported).</returns>
    public static AppSpec? Read(string directory, string environment, IProgressReporter progress)
    {
        progress.Step($"reading {directory} (environment {environment})");
        var result = AppLoader.Load(directory, new AppLoadOptions { Environment = environment });
        if (result.Spec is { } loaded)
        {
            // Vercel refuses a deployment whose routing does not compile; so does Runway, before building anything.
            var routing = loaded.Sites.SelectMany(site => RoutingValidation.Check(site.Routing)).ToList();
            result = routing.Exists(d => d.IsError)
                ? new AppLoadResult(null, result.Diagnostics.AddRange(routing))
                : result with { Diagnostics = result.Diagnostics.AddRange(routing) };
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            var located = diagnostic with { Location = diagnostic.Location with { File = Path.Join(directory, diagnostic.Location.File) } };
            if (diagnostic.IsError)
            {
                progress.Error(located.ToString());
            }
            else
            {
                progress.Warning(located.ToString());
            }
        }

        if (result.Spec is null)
        {
            var errors = result.Diagnostics.Count(d => d.IsError);
            progress.Error($"{errors} error{(errors == 1 ? "" : "s")} in the app's files; nothing was built or started");
            return null;
        }

        var app = result.Spec;
        progress.Step($"app {app.Name}: {Describe(app)}");
        return app;
    }

    private static string Describe(AppSpec app)
    {
        var parts = app.Services.Select(s => $"{s.Name} ({s.Kind.ToString().ToLowerInvariant()})")
            .Concat(app.Sites.Select(s => $"{s.Name} (site)"))
            .ToList();
        return parts.Count == 0 ? "nothing to run" : string.Join(", ", parts);
    }
}
