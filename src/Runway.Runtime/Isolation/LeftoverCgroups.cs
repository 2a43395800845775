namespace Runway.Runtime.Isolation;

/// <summary>Cgroups an app's instances left when Runway ended without stopping them (kill -9): once their processes are
/// gone, the directories are removed so none is left behind.</summary>
public static class LeftoverCgroups
{
    /// <summary>Removes every empty instance cgroup of <paramref name="app"/>, then the app's own directory when it is empty.</summary>
    /// <returns>How many instance cgroups were removed.</returns>
    public static int RemoveEmpty(IsolationSupport support, string app)
    {
        if (support.Layout is not { } layout)
        {
            return 0;
        }

        var removed = 0;
        var segment = CgroupNames.Segment(app);
        foreach (var root in layout.Controllers.Select(c => c.Directory).Distinct(StringComparer.Ordinal))
        {
            var appDirectory = Path.Combine(root, "runway", segment);
            if (!Directory.Exists(appDirectory))
            {
                continue;
            }

            foreach (var instance in Directory.EnumerateDirectories(appDirectory))
            {
                if (CgroupFiles.LiveProcesses(instance).Count == 0 && InstanceCgroup.TryRemoveDirectory(instance))
                {
                    removed++;
                }
            }

            InstanceCgroup.TryRemoveIfUnused(appDirectory);
        }

        return removed;
    }
}
