using Runway.Model;
using Runway.Runtime.Isolation;
using Runway.Runtime.Processes;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;
using Xunit.Abstractions;

namespace Runway.Runtime.Tests.Isolation;

/// <summary>Real isolated instances: cgroup limits, the app's system user, clean-up. Needs root and cgroups; skipped otherwise.</summary>
public sealed class IsolatedInstanceTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>One app name for the class, so the runway-APP user is created once and reused by later runs.</summary>
    private const string App = "rwtest-isolation";

    private static readonly RestartPolicy Never = new(RestartPolicyKind.Never, 0);

    private readonly TempDirectory _directory = new();
    private readonly RecordingObserver _observer = new();
    private readonly IsolationSupport _support = IsolationSupport.Probe();

    public void Dispose() => _directory.Dispose();

    private bool Skipped()
    {
        if (_support.IsIsolated)
        {
            return false;
        }

        output.WriteLine($"skipped: this host cannot isolate instances ({_support.Description})");
        return true;
    }

    private Supervisor NewSupervisor() => new(IsolationTestOptions.Isolated, _observer);

    private InstanceSpec Worker(string command, ResourceLimits? limits = null, string service = "worker") =>
        Specs.Worker(command, Never, _directory.Path, service) with { App = App, Limits = limits ?? ResourceLimits.None };

    /// <summary>Where the instance's cgroup lives in each controller.</summary>
    private List<string> CgroupDirectories(string instance) =>
        _support.Layout!.Controllers.Select(c => Path.Combine(c.Directory, "runway", App, instance)).Distinct().ToList();

    [Fact]
    public async Task The_command_runs_as_the_apps_user_inside_its_cgroup_which_is_removed_after_stop()
    {
        if (Skipped())
        {
            return;
        }

        _directory.Write("data.txt", "hello\n");
        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync([Worker("id -un; echo \"home=$HOME\"; cat data.txt; touch written-by-app && echo wrote; sleep 300 & sleep 300", service: "who")]);
        var status = supervisor.GetStatus()[0];
        await Eventually.TrueAsync(() => _observer.Lines.Any(l => l.Text == "wrote"), "the command's output");
        var directories = CgroupDirectories("who.1");
        await Eventually.TrueAsync(() => supervisor.GetMetrics()[0].Metrics.Processes >= 2, "two processes in the cgroup");
        var inCgroup = directories.Select(d => File.ReadAllLines(Path.Combine(d, "cgroup.procs"))).ToList();

        await supervisor.StopAsync();

        Assert.StartsWith("isolated: cgroup", supervisor.Isolation.Description, StringComparison.Ordinal);
        var lines = _observer.Lines.Select(l => l.Text).ToList();
        Assert.Equal(["runway-rwtest-isolation", $"home={_directory.Path}", "hello", "wrote"], lines);
        Assert.All(inCgroup, procs => Assert.Contains(status.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), procs));
        Assert.All(directories, d => Assert.False(Directory.Exists(d), $"{d} is still there"));
        Assert.Equal("stopped after SIGTERM", _observer.Last(InstanceState.Stopped)!.Reason);
        Assert.Empty(ProcessGroup.LiveMembers(status.ProcessId!.Value));
    }

    [Fact]
    public async Task Exceeding_the_memory_limit_is_reported_as_a_memory_limit_kill()
    {
        if (Skipped() || !_support.Controllers.Contains("memory"))
        {
            return;
        }

        await using var supervisor = NewSupervisor();
        var spec = Worker("exec /usr/bin/python3 -c \"x = bytearray(200*1024*1024); import time; time.sleep(5)\"", new ResourceLimits(MemoryBytes: 32L << 20), "hungry");

        await supervisor.StartAsync([spec]);
        await supervisor.WaitForAllEndedAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var failed = _observer.Last(InstanceState.Failed)!;
        Assert.True(failed.OutOfMemory, _observer.Describe());
        Assert.Equal(137, failed.ExitCode);
        Assert.Equal("killed: exceeded its memory limit of 32 MiB; restart policy NEVER does not restart it", failed.Reason);
        Assert.All(CgroupDirectories("hungry.1"), d => Assert.False(Directory.Exists(d), $"{d} is still there"));
    }

    [Fact]
    public async Task The_pids_limit_stops_a_loop_that_starts_more_processes()
    {
        if (Skipped() || !_support.Controllers.Contains("pids"))
        {
            return;
        }

        await using var supervisor = NewSupervisor();
        // Each "started" line is a fork that worked: with the shell itself, at most 9 fit under the limit of 10.
        var spec = Worker("i=0; while [ $i -lt 50 ]; do sleep 60 & i=$((i+1)); echo started; done; echo all started; wait", new ResourceLimits(Pids: 10), "forker");

        await supervisor.StartAsync([spec]);
        await supervisor.WaitForAllEndedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var failed = _observer.Last(InstanceState.Failed)!;
        var lines = _observer.Lines.Select(l => l.Text).ToList();
        Assert.DoesNotContain("all started", lines);
        Assert.Contains(lines, l => l.Contains("fork", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(failed.OutOfMemory);
        Assert.InRange(lines.Count(l => l == "started"), 1, 9);
        Assert.All(CgroupDirectories("forker.1"), d => Assert.False(Directory.Exists(d), $"{d} is still there"));
    }

    [Fact]
    public async Task The_cpu_limit_caps_the_cpu_time_of_a_busy_loop()
    {
        if (Skipped() || !_support.Controllers.Contains("cpu"))
        {
            return;
        }

        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync([Worker("while :; do :; done", new ResourceLimits(Cpus: 0.2), "busy")]);
        var first = supervisor.GetMetrics()[0];
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = supervisor.GetMetrics()[0];
        await supervisor.StopAsync();

        var used = second.Metrics.CpuSeconds - first.Metrics.CpuSeconds;
        var elapsed = (second.At - first.At).TotalSeconds;
        output.WriteLine($"{used:0.000} s of CPU in {elapsed:0.000} s ({Runtime.Metrics.CpuUsage.Percent(first, second):0} %)");
        Assert.InRange(used, 0.01, (0.2 * elapsed) + 0.15);
    }

    [Fact]
    public async Task An_instance_may_run_as_an_existing_user_but_a_missing_one_is_never_created()
    {
        if (Skipped())
        {
            return;
        }

        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync(
        [
            Worker("id -un", service: "nobody") with { RunAsUser = "nobody" },
            Worker("id -un", service: "ghost") with { RunAsUser = "rwtest-no-such-user" },
        ]);
        await supervisor.WaitForAllEndedAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["nobody.1 | nobody"], _observer.Lines.Select(l => l.ToString()));
        Assert.Equal(
            "user rwtest-no-such-user, which ghost.1 should run as, does not exist; create it, or leave it unset so the instance runs as runway-rwtest-isolation; restart policy NEVER does not restart it",
            _observer.Changes.Last(c => c.Instance.Service == "ghost").Reason);
    }
}
