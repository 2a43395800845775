using System.Globalization;
using Runway.Model;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>What the memory counters of an ended run say.</summary>
internal enum MemoryLimitEvidence
{
    /// <summary>The limit was never reached, or no memory limit applied.</summary>
    None,

    /// <summary>The kernel's OOM killer killed a process of the cgroup (its oom_kill counter went up).</summary>
    OomKill,

    /// <summary>No oom_kill counter on this kernel, but usage reached the limit: a SIGKILL then most likely came from the OOM killer.</summary>
    LimitReached,
}

/// <summary>The cgroup of one run of one instance, <c>runway/APP/INSTANCE</c>: in every controller's hierarchy (v1) or
/// once in the unified one (v2), with the instance's limits written before any of its processes joins.</summary>
internal sealed class InstanceCgroup
{
    /// <summary>CFS period for CPU quotas: 100 ms, the kernel's default (cpu.cfs_period_us / cpu.max).</summary>
    public const long CpuPeriodMicroseconds = 100_000;

    private const string TopDirectory = "runway";

    private readonly CgroupHierarchy _hierarchy;
    private readonly List<(string Controller, string Directory)> _groups;

    private InstanceCgroup(CgroupHierarchy hierarchy, List<(string Controller, string Directory)> groups, long? memoryLimit)
    {
        _hierarchy = hierarchy;
        _groups = groups;
        MemoryLimit = memoryLimit;
    }

    /// <summary>The memory limit written, when there is a memory controller and the spec sets one.</summary>
    public long? MemoryLimit { get; }

    /// <summary>The cgroup's directories (one per v1 controller; one for v2).</summary>
    public IReadOnlyList<string> Directories => _groups.Select(g => g.Directory).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Where a process writes its pid to join (every one of them, for v1).</summary>
    public IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>The cgroup's directory for a controller (v2: the one directory), or null without that controller.</summary>
    public string? DirectoryOf(string controller) => _groups.Where(g => g.Controller == controller).Select(g => g.Directory).FirstOrDefault();

    /// <summary>Creates the cgroup (replacing an empty one an earlier run left) and writes the limits.</summary>
    /// <param name="app">Directory name for the app: <see cref="CgroupNames.Segment"/>.</param>
    /// <exception cref="InstanceLaunchException">A directory or limit could not be written, or an earlier run's processes still occupy the cgroup.</exception>
    public static InstanceCgroup Create(CgroupLayout layout, string app, string instance, ResourceLimits limits)
    {
        var groups = new List<(string Controller, string Directory)>();
        try
        {
            if (layout.Hierarchy == CgroupHierarchy.V2)
            {
                var root = layout.Controllers[0].Directory;
                var names = layout.Controllers.Select(c => c.Name).ToList();
                var directory = Retried(() => CreateV2(root, app, instance, names));
                groups.AddRange(names.Select(name => (name, directory)));
            }
            else
            {
                foreach (var controller in layout.Controllers)
                {
                    var parent = Path.Combine(controller.Directory, TopDirectory, app);
                    groups.Add((controller.Name, Retried(() => CreateDirectory(parent, instance))));
                }
            }

            var cgroup = new InstanceCgroup(layout.Hierarchy, groups, groups.Exists(g => g.Controller == "memory") ? limits.MemoryBytes : null);
            cgroup.WriteLimits(limits);
            return cgroup;
        }
        catch (IOException ex)
        {
            new InstanceCgroup(layout.Hierarchy, groups, null).TryRemove();
            throw new InstanceLaunchException($"could not set up the cgroup of {instance}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            new InstanceCgroup(layout.Hierarchy, groups, null).TryRemove();
            throw new InstanceLaunchException($"could not set up the cgroup of {instance}: {ex.Message}; Runway must run as root to isolate instances", ex);
        }
    }

    /// <summary>The running processes in the cgroup.</summary>
    public IReadOnlyList<int> ProcessIds() => Directories.SelectMany(CgroupFiles.LiveProcesses).Distinct().ToList();

    /// <summary>Whether the memory limit ended a process: v1 memory.oom_control's oom_kill (Linux 4.13+), else
    /// memory.failcnt with memory.max_usage_in_bytes at the limit; v2 memory.events' oom_kill.</summary>
    public MemoryLimitEvidence ReadMemoryLimitEvidence()
    {
        if (MemoryLimit is null || DirectoryOf("memory") is not { } directory)
        {
            return MemoryLimitEvidence.None;
        }

        if (_hierarchy == CgroupHierarchy.V2)
        {
            return CgroupFiles.ReadKeyed(directory, "memory.events", "oom_kill") > 0 ? MemoryLimitEvidence.OomKill : MemoryLimitEvidence.None;
        }

        if (CgroupFiles.ReadKeyed(directory, "memory.oom_control", "oom_kill") is { } kills)
        {
            return kills > 0 ? MemoryLimitEvidence.OomKill : MemoryLimitEvidence.None;
        }

        var limit = CgroupFiles.ReadNumber(directory, "memory.limit_in_bytes");
        return CgroupFiles.ReadNumber(directory, "memory.failcnt") > 0 && CgroupFiles.ReadNumber(directory, "memory.max_usage_in_bytes") >= limit
            ? MemoryLimitEvidence.LimitReached
            : MemoryLimitEvidence.None;
    }

    /// <summary>v2's cgroup.kill (Linux 5.14+) SIGKILLs every process of the cgroup at once, new forks included; false where it does not exist.</summary>
    public bool TryKillAll()
    {
        if (_hierarchy != CgroupHierarchy.V2 || Directories.Count == 0 || !File.Exists(Path.Combine(Directories[0], "cgroup.kill")))
        {
            return false;
        }

        try
        {
            CgroupFiles.Write(Directories[0], "cgroup.kill", "1");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Removes the cgroup's directories, and the app's and runway's directories when nothing else uses them.
    /// A cgroup that still holds processes cannot be removed (EBUSY); returns false then.</summary>
    public bool TryRemove()
    {
        var removed = true;
        foreach (var directory in Directories)
        {
            removed &= TryRemoveDirectory(directory);
            var app = Path.GetDirectoryName(directory)!;
            if (removed && TryRemoveIfUnused(app))
            {
                TryRemoveIfUnused(Path.GetDirectoryName(app)!);
            }
        }

        return removed;
    }

    private void WriteLimits(ResourceLimits limits)
    {
        var v2 = _hierarchy == CgroupHierarchy.V2;
        if (limits.MemoryBytes is { } memory && DirectoryOf("memory") is { } memoryDirectory)
        {
            CgroupFiles.Write(memoryDirectory, v2 ? "memory.max" : "memory.limit_in_bytes", memory);

            // No swapping past the limit: swap+memory (v1, written after the memory limit it may not be below) or swap (v2) where the kernel accounts it.
            var swapFile = v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
            if (File.Exists(Path.Combine(memoryDirectory, swapFile)))
            {
                CgroupFiles.Write(memoryDirectory, swapFile, v2 ? 0 : memory);
            }
        }

        if (limits.Cpus is { } cpus && DirectoryOf("cpu") is { } cpuDirectory)
        {
            // The kernel's smallest quota is 1 ms per period.
            var quota = Math.Max(1000, (long)Math.Round(cpus * CpuPeriodMicroseconds));
            if (v2)
            {
                CgroupFiles.Write(cpuDirectory, "cpu.max", string.Create(CultureInfo.InvariantCulture, $"{quota} {CpuPeriodMicroseconds}"));
            }
            else
            {
                CgroupFiles.Write(cpuDirectory, "cpu.cfs_period_us", CpuPeriodMicroseconds);
                CgroupFiles.Write(cpuDirectory, "cpu.cfs_quota_us", quota);
            }
        }

        if (limits.Pids is { } pids && DirectoryOf("pids") is { } pidsDirectory)
        {
            CgroupFiles.Write(pidsDirectory, "pids.max", pids);
        }
    }

    /// <summary>v2: controllers reach a cgroup only when every ancestor lists them in cgroup.subtree_control.</summary>
    private static string CreateV2(string root, string app, string instance, List<string> controllers)
    {
        var top = Path.Combine(root, TopDirectory);
        var appDirectory = Path.Combine(top, app);
        EnableControllers(root, controllers);
        Directory.CreateDirectory(top);
        EnableControllers(top, controllers);
        Directory.CreateDirectory(appDirectory);
        EnableControllers(appDirectory, controllers);
        return CreateDirectory(appDirectory, instance);
    }

    private static void EnableControllers(string directory, List<string> controllers)
    {
        var enabled = (CgroupFiles.Read(directory, "cgroup.subtree_control") ?? "").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var controller in controllers.Where(c => !enabled.Contains(c)))
        {
            CgroupFiles.Write(directory, "cgroup.subtree_control", "+" + controller);
        }
    }

    /// <summary>Creates <paramref name="parent"/>/<paramref name="name"/> fresh; an empty one left by an earlier run is replaced
    /// (new counters), one that still holds processes is refused.</summary>
    private static string CreateDirectory(string parent, string name)
    {
        var directory = Path.Combine(parent, name);
        if (Directory.Exists(directory))
        {
            var left = CgroupFiles.LiveProcesses(directory);
            if (left.Count > 0)
            {
                var ids = string.Join(' ', left);
                throw new IOException($"{directory} still holds processes of an earlier run ({ids}); stop them (kill {ids}) and start again");
            }

            Directory.Delete(directory);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Another instance that ends removes the app's (or runway's) directory when it looks unused; when that happens
    /// while this one is being created, a step finds its parent gone: start over.</summary>
    private static string Retried(Func<string> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return create();
            }
            catch (IOException ex) when (attempt < 3 && IsMissing(ex))
            {
            }
        }
    }

    private static bool IsMissing(IOException ex) =>
        ex is DirectoryNotFoundException or FileNotFoundException || ex.InnerException is DirectoryNotFoundException or FileNotFoundException;

    internal static bool TryRemoveIfUnused(string directory)
    {
        try
        {
            return Directory.Exists(directory) && !Directory.EnumerateDirectories(directory).Any() && TryRemoveDirectory(directory);
        }
        catch (DirectoryNotFoundException)
        {
            return false; // another instance removed it first
        }
    }

    internal static bool TryRemoveDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory); // rmdir(2): a cgroup's control files do not count as content
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
