using Runway.Model;

namespace Runway.Runtime.Isolation;

/// <summary>Whether this host lets Runway confine instances, and how; <see cref="Description"/> tells the user in one line.</summary>
public sealed class IsolationSupport
{
    /// <summary>Stands for the user name in <see cref="Description"/>: users are <c>runway-</c> and the app's name.</summary>
    private const string UserPattern = "runway-APP";

    private static readonly Dictionary<string, string> LimitOfController = new(StringComparer.Ordinal)
    {
        ["memory"] = "memory",
        ["cpu"] = "cpus",
        ["pids"] = "pids",
    };

    private IsolationSupport(CgroupHierarchy hierarchy, CgroupLayout? layout, string description)
    {
        Hierarchy = hierarchy;
        Layout = layout;
        Description = description;
    }

    /// <summary>Instances get cgroups, limits and their own system users.</summary>
    public bool IsIsolated => Layout is not null;

    public CgroupHierarchy Hierarchy { get; }

    /// <summary>The controllers limits are applied with (of memory, cpu, pids).</summary>
    public IReadOnlyList<string> Controllers => Layout?.Controllers.Select(c => c.Name).ToList() ?? [];

    /// <summary>One line for the user: <c>isolated: cgroup v1 memory,cpu,pids; users runway-APP</c> or <c>not isolated: not running as root; …</c>.</summary>
    public string Description { get; }

    internal CgroupLayout? Layout { get; }

    /// <summary>Isolation was not asked for.</summary>
    public static IsolationSupport TurnedOff { get; } = NotIsolated("isolation is off");

    /// <summary>Looks at this host: root, setpriv and useradd, and the cgroup hierarchy under /sys/fs/cgroup.</summary>
    public static IsolationSupport Probe() => Probe(IsolationHost.Local(), Environment.IsPrivilegedProcess);

    internal static IsolationSupport Probe(IsolationHost host, bool isRoot)
    {
        if (!isRoot)
        {
            return NotIsolated("not running as root");
        }

        if (host.Setpriv is null)
        {
            return NotIsolated("setpriv was not found (apt-get install util-linux)");
        }

        if (host.Useradd is null)
        {
            return NotIsolated("useradd was not found (apt-get install passwd)");
        }

        if (CgroupLayout.Find(host) is not { } layout)
        {
            return NotIsolated($"no writable cgroup hierarchy with a memory, cpu or pids controller under {host.CgroupRoot}");
        }

        var names = layout.Controllers.Select(c => c.Name).ToList();
        var missing = CgroupLayout.Wanted.Where(w => !names.Contains(w)).ToList();
        var note = missing.Count == 0
            ? ""
            : $" (no {string.Join(", ", missing)} controller: {string.Join(", ", missing.Select(m => LimitOfController[m]))} limits are not applied)";
        var version = layout.Hierarchy == CgroupHierarchy.V2 ? "v2" : "v1";
        return new IsolationSupport(layout.Hierarchy, layout, $"isolated: cgroup {version} {string.Join(',', names)}{note}; users {UserPattern}");
    }

    private static IsolationSupport NotIsolated(string reason) =>
        new(CgroupHierarchy.None, null, $"not isolated: {reason}; instances run as {Environment.UserName} without limits");

    public override string ToString() => Description;
}
