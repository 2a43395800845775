using Runway.Model;
using Runway.Runtime.Isolation;
using Runway.Runtime.Processes;
using Runway.Tests.Shared;
using Xunit.Abstractions;

namespace Runway.Runtime.Tests.Isolation;

/// <summary>The host's real cgroup files. Needs root and cgroups; skipped otherwise.</summary>
public sealed class InstanceCgroupTests(ITestOutputHelper output)
{
    private const string App = "rwtest-cgroup";

    private readonly IsolationSupport _support = IsolationSupport.Probe();

    private static string Read(string? directory, string file) => File.ReadAllText(Path.Combine(directory!, file)).Trim();

    [Fact]
    public void Limits_are_written_to_the_controllers_files_and_removing_leaves_nothing()
    {
        if (!_support.IsIsolated)
        {
            output.WriteLine($"skipped: this host cannot isolate instances ({_support.Description})");
            return;
        }

        var cgroup = InstanceCgroup.Create(_support.Layout!, App, "limits.1", new ResourceLimits(32L << 20, 0.5, 10));
        try
        {
            var v2 = _support.Hierarchy == CgroupHierarchy.V2;
            Assert.All(cgroup.Directories, d => Assert.Equal(Path.Combine("runway", App, "limits.1"), Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(d))!)!, d)));
            Assert.Equal(32L << 20, cgroup.MemoryLimit);
            if (_support.Controllers.Contains("memory"))
            {
                Assert.Equal("33554432", Read(cgroup.DirectoryOf("memory"), v2 ? "memory.max" : "memory.limit_in_bytes"));
            }

            if (_support.Controllers.Contains("cpu"))
            {
                Assert.Equal(v2 ? "50000 100000" : "50000", Read(cgroup.DirectoryOf("cpu"), v2 ? "cpu.max" : "cpu.cfs_quota_us"));
            }

            if (_support.Controllers.Contains("pids"))
            {
                Assert.Equal("10", Read(cgroup.DirectoryOf("pids"), "pids.max"));
            }

            Assert.Empty(cgroup.ProcessIds());
            Assert.Equal(MemoryLimitEvidence.None, cgroup.ReadMemoryLimitEvidence());
        }
        finally
        {
            Assert.True(cgroup.TryRemove());
        }

        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(d), $"{d} is still there"));
        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(Path.GetDirectoryName(d)), $"the app's directory of {d} is still there"));
    }

    [Fact]
    public async Task An_empty_cgroup_left_by_an_earlier_run_is_replaced_and_one_with_processes_is_refused()
    {
        if (!_support.IsIsolated)
        {
            output.WriteLine($"skipped: this host cannot isolate instances ({_support.Description})");
            return;
        }

        var earlier = InstanceCgroup.Create(_support.Layout!, App, "again.1", new ResourceLimits(Pids: 5));
        var again = InstanceCgroup.Create(_support.Layout!, App, "again.1", ResourceLimits.None);
        using var sleeper = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"echo $$ > '{again.ProcsFiles[0]}' && exec sleep 30"]);
        try
        {
            await Eventually.TrueAsync(() => again.ProcessIds().Contains(sleeper.Id), "the sleeper in the cgroup");

            var refused = Assert.Throws<InstanceLaunchException>(() => InstanceCgroup.Create(_support.Layout!, App, "again.1", ResourceLimits.None));

            Assert.Equal(earlier.Directories, again.Directories);
            Assert.Contains($"still holds processes of an earlier run ({sleeper.Id})", refused.Message, StringComparison.Ordinal);
            Assert.False(again.TryRemove());
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        await Eventually.TrueAsync(again.TryRemove, "the cgroup removed once its process is gone");
        Assert.All(again.Directories, d => Assert.False(Directory.Exists(d), $"{d} is still there"));
    }
}
