using Runway.Server.Progress;

namespace Runway.Server.Apps;

/// <summary>Deletes an app's oldest releases beyond the retention count; never the current or the previous one.</summary>
internal static class ReleaseRetention
{
    public static void Prune(DaemonContext context, string app, IProgressReporter progress)
    {
        var record = context.State.FindApp(app);
        var releases = context.State.ListReleases(app); // newest first
        var kept = new HashSet<int>(releases.Take(context.KeepReleases).Select(r => r.Number));
        if (record?.CurrentRelease is { } current)
        {
            kept.Add(current);
        }

        if (record?.PreviousRelease is { } previous)
        {
            kept.Add(previous);
        }

        foreach (var release in releases.Where(r => !kept.Contains(r.Number)))
        {
            try
            {
                if (Directory.Exists(release.Directory))
                {
                    Directory.Delete(release.Directory, recursive: true);
                }

                context.State.DeleteRelease(app, release.Number);
                progress.Detail($"pruned v{release.Number} (keeping {context.KeepReleases} releases)");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                progress.Warning($"could not prune v{release.Number}: {e.Message}");
            }
        }
    }
}
