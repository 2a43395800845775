using Runway.Build;
using Runway.Build.Releases;
using Runway.Runtime;
using Runway.Runtime.Planning;
using Runway.Server.Addons;
using Runway.Server.Progress;

namespace Runway.Server.Preparation;

/// <summary>What `runway up` asks for.</summary>
/// <param name="Port">The port to serve the entry on, checked free before anything is built.</param>
internal sealed record PrepareRequest(string Directory, string Environment, int? Port);

/// <summary>The steps before anything runs: read the app's files, build a release, plan the instances, run the release phase.
/// Each step reports what it does; the first failure is reported and ends preparation with nothing left running.</summary>
internal sealed class AppPreparer(IProgressReporter progress, RunwayHome home, SupervisorOptions supervision, AddonProvisioner addonProvisioner)
{
    /// <returns>The prepared app, or null when a step failed (already reported).</returns>
    public async Task<PreparedApp?> PrepareAsync(PrepareRequest request, CancellationToken cancellationToken)
    {
        var app = AppReader.Read(request.Directory, request.Environment, progress);
        if (app is null)
        {
            return null;
        }

        if (request.Port is { } port && EntryChooser.Choose(app) is null)
        {
            progress.Error($"--port {port}: the app has no web service or site to expose on it");
            return null;
        }

        if (request.Port is { } wanted && !PortAllocator.IsFree(wanted))
        {
            progress.Error($"--port {wanted}: 127.0.0.1:{wanted} is already in use; stop what uses it or choose another port");
            return null;
        }

        var release = await ReleaseBuilding.BuildAsync(app, new ReleaseStore(home, TimeProvider.System), progress, cancellationToken);
        if (release is null)
        {
            return null;
        }

        var addons = await addonProvisioner.ProvisionAsync(app, progress, cancellationToken);
        if (addons is null)
        {
            return null;
        }

        var prepared = new ReleasePlanner(progress, supervision).Plan(release, addons: addons);
        if (prepared is null || !await ReleasePhase.RunAsync(prepared, release, progress, cancellationToken))
        {
            return null;
        }

        return prepared;
    }
}
