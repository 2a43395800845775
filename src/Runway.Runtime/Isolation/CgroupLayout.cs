using Runway.Model;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>Which cgroup hierarchy the host uses.</summary>
public enum CgroupHierarchy
{
    None,

    /// <summary>cgroup v1: one mount per controller (<c>/sys/fs/cgroup/memory</c>, <c>/cpu</c>, <c>/pids</c>).</summary>
    V1,

    /// <summary>cgroup v2: one unified hierarchy at <c>/sys/fs/cgroup</c>.</summary>
    V2,
}

/// <summary>A controller Runway can use and the directory under which it creates <c>runway/APP/INSTANCE</c>.</summary>
internal sealed record CgroupController(string Name, string Directory);

/// <summary>The controllers (of memory, cpu and pids) Runway can write to, and where.</summary>
/// <remarks>v1: below Runway's own cgroup of each controller (from /proc/self/cgroup), so instances stay inside whatever
/// limits Runway itself runs under. v2: below the root, because a v2 cgroup that holds processes (Runway's own)
/// cannot also pass controllers to children ("no internal processes" rule, cgroup-v2.rst).</remarks>
internal sealed record CgroupLayout(CgroupHierarchy Hierarchy, ValueList<CgroupController> Controllers)
{
    public static readonly string[] Wanted = ["memory", "cpu", "pids"];

    /// <summary>The usable layout of the host, or null when no wanted controller is mounted and writable.</summary>
    public static CgroupLayout? Find(IsolationHost host)
    {
        var layout = File.Exists(Path.Combine(host.CgroupRoot, "cgroup.controllers")) ? FindV2(host.CgroupRoot) : FindV1(host);
        return layout.Controllers.IsEmpty ? null : layout;
    }

    private static CgroupLayout FindV2(string root)
    {
        var available = File.ReadAllText(Path.Combine(root, "cgroup.controllers")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var controllers = Writable(root)
            ? Wanted.Where(available.Contains).Select(name => new CgroupController(name, root)).ToValueList()
            : ValueList<CgroupController>.Empty;
        return new CgroupLayout(CgroupHierarchy.V2, controllers);
    }

    private static CgroupLayout FindV1(IsolationHost host)
    {
        var memberships = ReadMemberships(host.SelfCgroupFile);
        var controllers = new List<CgroupController>();
        foreach (var name in Wanted)
        {
            var mount = Path.Combine(host.CgroupRoot, name);
            if (!File.Exists(Path.Combine(mount, "cgroup.procs")))
            {
                continue;
            }

            var own = memberships.TryGetValue(name, out var path) ? Path.Join(mount, path) : mount;
            var directory = Directory.Exists(own) ? own.TrimEnd('/') : mount;
            if (Writable(directory))
            {
                controllers.Add(new CgroupController(name, directory));
            }
        }

        return new CgroupLayout(controllers.Count == 0 ? CgroupHierarchy.None : CgroupHierarchy.V1, controllers.ToValueList());
    }

    /// <summary>/proc/self/cgroup: "ID:CONTROLLERS:PATH" per line (v1 lists comma-separated controllers).</summary>
    private static Dictionary<string, string> ReadMemberships(string file)
    {
        var memberships = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return memberships;
        }

        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            foreach (var controller in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                memberships[controller] = parts[2];
            }
        }

        return memberships;
    }

    private static bool Writable(string directory) => LibC.Access(directory, LibC.W_OK) == 0;
}
