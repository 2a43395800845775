using Runway.Model;
using Runway.Runtime.Planning;
using Runway.Runtime.Processes;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Functional;

/// <summary>Real processes: health checks and restart policies.</summary>
public sealed class HealthAndRestartTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly RecordingObserver _observer = new();

    public void Dispose() => _directory.Dispose();

    private Supervisor NewSupervisor() => new(Specs.FastOptions, _observer);

    [Fact]
    public async Task A_web_instance_with_a_health_path_becomes_healthy_over_http()
    {
        var port = new PortAllocator().Allocate();
        await using var supervisor = NewSupervisor();

        var report = await supervisor.StartAsync([Specs.Web(HealthServer.WriteTo(_directory), port, "/health", _directory.Path)]);

        Assert.True(report.AllHealthy, _observer.Describe());
        Assert.Equal($"GET /health on port {port} answered 200", report.Instances[0].Reason);
        Assert.Contains(_observer.Lines, l => l.ToString() == $"web.1 | listening on {port}");
    }

    [Fact]
    public async Task A_web_instance_without_a_path_is_healthy_when_its_port_accepts_connections()
    {
        var port = new PortAllocator().Allocate();
        await using var supervisor = NewSupervisor();

        var report = await supervisor.StartAsync([Specs.Web(HealthServer.WriteTo(_directory), port, null, _directory.Path)]);

        Assert.True(report.AllHealthy, _observer.Describe());
        Assert.Equal($"port {port} accepts connections", report.Instances[0].Reason);
    }

    [Fact]
    public async Task A_failing_health_check_after_start_restarts_the_instance()
    {
        var port = new PortAllocator().Allocate();
        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync([Specs.Web(HealthServer.WriteTo(_directory), port, "/health", _directory.Path)]);
        var firstPid = supervisor.GetStatus()[0].ProcessId!.Value;

        await File.WriteAllTextAsync(_directory.File("unhealthy"), "");
        await _observer.WaitForAsync(InstanceState.Backoff);
        File.Delete(_directory.File("unhealthy"));
        await _observer.WaitForAsync(InstanceState.Healthy, times: 2);

        Assert.Contains("health check failed 2 times in a row", _observer.Last(InstanceState.Backoff)!.Reason, StringComparison.Ordinal);
        Assert.Contains("answered 503", _observer.Last(InstanceState.Unhealthy)!.Reason, StringComparison.Ordinal);
        Assert.NotEqual(firstPid, supervisor.GetStatus()[0].ProcessId);
        Assert.False(ProcessGroup.IsAlive(firstPid));
    }

    [Fact]
    public async Task A_process_killed_with_sigkill_is_restarted_under_on_failure()
    {
        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync([Specs.Worker("exec sleep 300")]);
        var firstPid = supervisor.GetStatus()[0].ProcessId!.Value;

        ProcessGroup.SignalProcess(firstPid, LibC.SIGKILL);
        await _observer.WaitForAsync(InstanceState.Healthy, times: 2);

        Assert.StartsWith("killed by signal 9 SIGKILL (exit code 137); restart 1 of 10", _observer.Last(InstanceState.Backoff)!.Reason, StringComparison.Ordinal);
        Assert.NotEqual(firstPid, supervisor.GetStatus()[0].ProcessId);
    }

    [Fact]
    public async Task A_crash_loop_ends_failed_with_its_last_output_lines()
    {
        await using var supervisor = NewSupervisor();
        var command = "echo \"attempt $$\"; echo 'fatal: DATABASE_URL is not set' >&2; exit 3";

        await supervisor.StartAsync([Specs.Worker(command, new RestartPolicy(RestartPolicyKind.OnFailure, 2))]);
        await supervisor.WaitForAllEndedAsync(); // a worker alive at its first probe may pass the start gate before it crashes

        var status = Assert.Single(supervisor.GetStatus());
        Assert.Equal(InstanceState.Failed, status.State);
        Assert.Equal(3, status.LastExitCode);
        Assert.Equal(3, _observer.Count(InstanceState.Starting));
        var failed = _observer.Last(InstanceState.Failed)!;
        Assert.Contains("exited with code 3; gave up after 2 consecutive restarts", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(6, failed.RecentOutput.Count);
        // stdout and stderr are separate pipes, so the last run's two lines may arrive in either order.
        Assert.Contains("fatal: DATABASE_URL is not set", failed.RecentOutput.TakeLast(2));
        Assert.Contains(failed.RecentOutput.TakeLast(2), line => line.StartsWith("attempt ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Never_does_not_restart()
    {
        await using var supervisor = NewSupervisor();

        await supervisor.StartAsync([
            Specs.Worker("exit 1", new RestartPolicy(RestartPolicyKind.Never, 10), service: "failing"),
            Specs.Worker("exit 0", new RestartPolicy(RestartPolicyKind.Never, 10), service: "done"),
        ]);
        await supervisor.WaitForAllEndedAsync();

        Assert.Equal([InstanceState.Failed, InstanceState.Exited], supervisor.GetStatus().Select(i => i.State));
        Assert.Equal(2, _observer.Count(InstanceState.Starting));
    }

    [Fact]
    public async Task Always_restarts_after_a_clean_exit()
    {
        await using var supervisor = NewSupervisor();

        await supervisor.StartAsync([Specs.Worker("echo run; sleep 0.2; exit 0", new RestartPolicy(RestartPolicyKind.Always, 10))]);
        await _observer.WaitForAsync(InstanceState.Starting, times: 3);

        Assert.Contains("exited with code 0; restart policy ALWAYS", _observer.Last(InstanceState.Backoff)!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_instance_that_never_listens_fails_its_start_gate()
    {
        var port = new PortAllocator().Allocate();
        var spec = Specs.Web("exec sleep 300", port, null, _directory.Path, new RestartPolicy(RestartPolicyKind.Never, 0)) with
        {
            Health = Specs.FastHealth() with { StartTimeout = TimeSpan.FromMilliseconds(400) },
        };
        await using var supervisor = NewSupervisor();

        var report = await supervisor.StartAsync([spec]);

        Assert.Equal(InstanceState.Failed, report.Instances[0].State);
        Assert.Contains("not healthy within the 400 ms start timeout", report.Instances[0].Reason, StringComparison.Ordinal);
        Assert.Contains($"nothing accepts connections on port {port}", report.Instances[0].Reason, StringComparison.Ordinal);
        Assert.False(ProcessGroup.IsAlive(report.Instances[0].ProcessId!.Value));
    }
}
