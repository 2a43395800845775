using Runway.Server.Api;
using Runway.Server.Progress;

namespace Runway.Server.Daemon;

/// <summary>`runway serve`: starts the daemon and its API, brings back every app that should run, and runs until
/// <paramref name="stop"/>; then stops every app (their state stays: the next start brings them back).</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonOptions options, IProgressReporter progress, CancellationToken stop)
    {
        var files = new DaemonFiles(options.Home);
        using var exclusive = files.TryLock();
        if (exclusive is null)
        {
            var running = files.ReadAddress();
            progress.Error($"a daemon already runs for {options.Home.Path}{(running is null ? "" : $" (pid {running.ProcessId}, API {running.Api})")}; stop it first");
            return 1;
        }

        var token = files.EnsureToken();

        RunwayDaemon daemon;
        try
        {
            daemon = await RunwayDaemon.StartAsync(options, stop);
        }
        catch (IOException e)
        {
            progress.Error($"cannot listen on 127.0.0.1:{options.EdgePort}: {e.Message}; choose another --port");
            return 1;
        }

        await using (daemon)
        {
            var isolation = daemon.Context.Isolation;
            if (isolation.IsIsolated)
            {
                HomeAccess.LetAppUsersThrough(options.Home);
            }

            await using var api = await ApiServer.StartAsync(daemon, options.ApiPort, token, stop);
            files.WriteAddress(new DaemonAddress($"http://127.0.0.1:{api.Port}", daemon.EdgePort, Environment.ProcessId));
            progress.Step(isolation.Description);
            progress.Step($"runway daemon {Environment.ProcessId}: apps on http://APP.localhost:{daemon.EdgePort}, API on http://127.0.0.1:{api.Port} (state in {options.Home.Path})");
            try
            {
                await daemon.ReconcileAsync(progress, stop);
                progress.Step("ready");
                await daemon.AutoscaleAsync(options.AutoscaleInterval, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            progress.Step("stopping every app (they start again with the daemon)");
            files.RemoveAddress(Environment.ProcessId);
        }

        progress.Step("stopped");
        return 0;
    }
}
