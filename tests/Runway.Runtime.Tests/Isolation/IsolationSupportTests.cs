using Runway.Runtime.Isolation;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Isolation;

/// <summary>The probe against a fake /sys/fs/cgroup and /proc/self/cgroup in a temporary directory.</summary>
public sealed class IsolationSupportTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private IsolationHost Host(string? setpriv = "/usr/bin/setpriv", string? useradd = "/usr/sbin/useradd") => new(
        _root.Combine("cgroup"), _root.Combine("self-cgroup"), _root.Combine("passwd"), _root.Combine("group"), setpriv, useradd, "/usr/sbin/nologin");

    [Fact]
    public void Without_root_nothing_is_isolated()
    {
        var support = IsolationSupport.Probe(Host(), isRoot: false);

        Assert.False(support.IsIsolated);
        Assert.Equal(CgroupHierarchy.None, support.Hierarchy);
        Assert.Empty(support.Controllers);
        Assert.StartsWith("not isolated: not running as root; instances run as ", support.Description, StringComparison.Ordinal);
        Assert.EndsWith(" without limits", support.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/usr/sbin/useradd", "not isolated: setpriv was not found (apt-get install util-linux)")]
    [InlineData("/usr/bin/setpriv", null, "not isolated: useradd was not found (apt-get install passwd)")]
    public void Missing_tools_are_named_with_the_package_that_has_them(string? setpriv, string? useradd, string expected)
    {
        _root.Write("cgroup/cgroup.controllers", "memory cpu pids\n");

        var support = IsolationSupport.Probe(Host(setpriv, useradd), isRoot: true);

        Assert.False(support.IsIsolated);
        Assert.StartsWith(expected + ";", support.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void No_cgroup_hierarchy_means_no_isolation()
    {
        Directory.CreateDirectory(_root.Combine("cgroup"));

        var support = IsolationSupport.Probe(Host(), isRoot: true);

        Assert.False(support.IsIsolated);
        Assert.StartsWith($"not isolated: no writable cgroup hierarchy with a memory, cpu or pids controller under {_root.Combine("cgroup")};", support.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Cgroup_v2_uses_the_unified_hierarchy_for_the_controllers_it_offers()
    {
        _root.Write("cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma\n");

        var support = IsolationSupport.Probe(Host(), isRoot: true);

        Assert.True(support.IsIsolated);
        Assert.Equal(CgroupHierarchy.V2, support.Hierarchy);
        Assert.Equal(["memory", "cpu", "pids"], support.Controllers);
        Assert.Equal("isolated: cgroup v2 memory,cpu,pids; users runway-APP", support.Description);
        Assert.All(support.Layout!.Controllers, c => Assert.Equal(_root.Combine("cgroup"), c.Directory));
    }

    [Fact]
    public void Cgroup_v1_nests_below_runways_own_cgroup_and_names_missing_controllers()
    {
        _root.Write("cgroup/memory/cgroup.procs", "");
        _root.Write("cgroup/memory/sandbox/one/cgroup.procs", "");
        _root.Write("cgroup/cpu/cgroup.procs", "");
        Directory.CreateDirectory(_root.Combine("cgroup", "pids")); // a mount point with nothing mounted
        _root.Write("self-cgroup", "9:name=systemd:/\n4:memory:/sandbox/one\n2:cpu,cpuacct:/\n0::/\n");

        var support = IsolationSupport.Probe(Host(), isRoot: true);

        Assert.Equal(CgroupHierarchy.V1, support.Hierarchy);
        Assert.Equal(
        [
            ("memory", _root.Combine("cgroup", "memory", "sandbox", "one")),
            ("cpu", _root.Combine("cgroup", "cpu")),
        ], support.Layout!.Controllers.Select(c => (c.Name, c.Directory)));
        Assert.Equal("isolated: cgroup v1 memory,cpu (no pids controller: pids limits are not applied); users runway-APP", support.Description);
    }

    [Fact]
    public void Isolation_that_is_turned_off_says_so()
    {
        Assert.StartsWith("not isolated: isolation is off;", IsolationSupport.TurnedOff.Description, StringComparison.Ordinal);
        Assert.False(IsolationSupport.TurnedOff.IsIsolated);
    }
}
