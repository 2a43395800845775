using Runway.Build.Releases;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Preparation;

/// <summary>Heroku's release phase and Railway's preDeployCommand: once per release, before any of its instances start.</summary>
internal static class ReleasePhase
{
    /// <returns>False when a command failed (reported): the release must not take traffic.</returns>
    public static async Task<bool> RunAsync(PreparedApp prepared, BuiltRelease release, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var runner = new ReleaseCommands();
        foreach (var service in prepared.App.Services.Where(s => !s.ReleaseCommands.IsEmpty))
        {
            var part = release.Part(service.Name);
            var environment = prepared.Instances.FirstOrDefault(i => i.Id.Service == service.Name)?.Environment ?? ValueMap.Empty;
            progress.Step($"release phase of {service.Name}: {string.Join(" && ", service.ReleaseCommands)}");
            var failure = await runner.RunAsync(service.Name, service.ReleaseCommands, part.Directory, environment, line => progress.Line($"{service.Name}:release", line), cancellationToken);
            if (failure is not null)
            {
                progress.Error(failure.Message);
                foreach (var line in failure.LastLines)
                {
                    progress.Detail("  " + line);
                }

                return false;
            }
        }

        return true;
    }
}
