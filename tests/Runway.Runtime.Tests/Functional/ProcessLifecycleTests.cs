using Runway.Model;
using Runway.Runtime.Processes;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Functional;

/// <summary>Real processes: process groups, graceful stop, output and environment.</summary>
public sealed class ProcessLifecycleTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly RecordingObserver _observer = new();

    public void Dispose() => _directory.Dispose();

    private Supervisor NewSupervisor() => new(Specs.FastOptions, _observer);

    private static async Task<IReadOnlyList<int>> GroupOfAsync(int groupId, int atLeast)
    {
        IReadOnlyList<int> members = [];
        await Eventually.TrueAsync(() => (members = ProcessGroup.LiveMembers(groupId)).Count >= atLeast, $"{atLeast} processes in group {groupId}");
        return members;
    }

    [Fact]
    public async Task Stop_ends_the_whole_process_group_including_grandchildren()
    {
        await using var supervisor = NewSupervisor();
        await supervisor.StartAsync([Specs.Worker("sleep 300 & sleep 300")]);
        var groupId = supervisor.GetStatus()[0].ProcessId!.Value;
        var members = await GroupOfAsync(groupId, atLeast: 2);

        await supervisor.StopAsync();

        Assert.All(members, pid => Assert.False(ProcessGroup.IsAlive(pid), $"process {pid} survived"));
        Assert.Empty(ProcessGroup.LiveMembers(groupId));
        Assert.Equal("stopped after SIGTERM", _observer.Last(InstanceState.Stopped)!.Reason);
    }

    [Fact]
    public async Task A_group_ignoring_sigterm_is_killed_after_the_grace_period()
    {
        await using var supervisor = NewSupervisor();
        var spec = Specs.Worker("trap '' TERM; sleep 300 & sleep 300") with { StopGracePeriod = TimeSpan.FromMilliseconds(500) };
        await supervisor.StartAsync([spec]);
        var groupId = supervisor.GetStatus()[0].ProcessId!.Value;
        var members = await GroupOfAsync(groupId, atLeast: 2);

        var started = DateTime.UtcNow;
        await supervisor.StopAsync();
        var took = DateTime.UtcNow - started;

        Assert.True(took >= TimeSpan.FromMilliseconds(450), $"stop took {took}");
        Assert.All(members, pid => Assert.False(ProcessGroup.IsAlive(pid), $"process {pid} survived"));
        Assert.Equal("killed with SIGKILL after the 500 ms grace period", _observer.Last(InstanceState.Stopped)!.Reason);
    }

    [Fact]
    public async Task Processes_left_behind_by_an_ended_instance_are_cleaned_up()
    {
        await using var supervisor = NewSupervisor();
        // The shell ends (leaving its background sleep) only once the test has seen both processes, however slow the machine.
        var go = Path.Combine(Path.GetTempPath(), $"runway-go-{Guid.NewGuid():N}");

        await supervisor.StartAsync([Specs.Worker($"sleep 300 & while [ ! -e {go} ]; do sleep 0.05; done; exit 1", new RestartPolicy(RestartPolicyKind.Never, 0))]);
        var groupId = supervisor.GetStatus()[0].ProcessId!.Value;
        var members = await GroupOfAsync(groupId, atLeast: 2);
        await File.WriteAllTextAsync(go, "");
        try
        {
            await supervisor.WaitForAllEndedAsync();
        }
        finally
        {
            File.Delete(go);
        }


        Assert.Equal(InstanceState.Failed, supervisor.GetStatus()[0].State);
        Assert.All(members, pid => Assert.False(ProcessGroup.IsAlive(pid), $"process {pid} survived"));
    }

    [Fact]
    public async Task Disposing_without_stopping_leaves_no_process_behind()
    {
        int groupId;
        IReadOnlyList<int> members;
        await using (var supervisor = NewSupervisor())
        {
            await supervisor.StartAsync([Specs.Worker("sleep 300 & sleep 300")]);
            groupId = supervisor.GetStatus()[0].ProcessId!.Value;
            members = await GroupOfAsync(groupId, atLeast: 2);
        }

        Assert.All(members, pid => Assert.False(ProcessGroup.IsAlive(pid), $"process {pid} survived"));
    }

    [Fact]
    public async Task Output_lines_arrive_with_instance_prefix_and_stream()
    {
        await using var supervisor = NewSupervisor();
        var spec = Specs.Worker("echo hello; echo oops >&2; printf 'no newline'; exec sleep 300", service: "jobs", number: 2);

        await supervisor.StartAsync([spec]);
        await Eventually.TrueAsync(() => _observer.Lines.Count >= 2, "two lines");
        await supervisor.StopAsync(); // the unfinished last line is delivered when the pipe closes

        var lines = _observer.Lines;
        Assert.Contains(lines, l => l.Stream == OutputStream.Stdout && l.ToString() == "jobs.2 | hello");
        Assert.Contains(lines, l => l.Stream == OutputStream.Stderr && l.ToString() == "jobs.2 | oops");
        Assert.Contains(lines, l => l.Stream == OutputStream.Stdout && l.Text == "no newline");
    }

    [Fact]
    public async Task Large_output_never_blocks_the_instance()
    {
        await using var supervisor = NewSupervisor();

        await supervisor.StartAsync([Specs.Worker("seq 1 100000; seq 1 50000 >&2; exec sleep 300")]);
        await Eventually.TrueAsync(() => _observer.Lines.Count == 150_000, "all lines");

        Assert.Equal("100000", _observer.Lines.Last(l => l.Stream == OutputStream.Stdout).Text);
        Assert.Equal(InstanceState.Healthy, supervisor.GetStatus()[0].State);
    }

    [Fact]
    public async Task The_instance_gets_exactly_its_environment_and_working_directory()
    {
        Environment.SetEnvironmentVariable("RUNWAY_RUNTIME_TEST_LEAK", "leaked");
        await using var supervisor = NewSupervisor();
        var spec = Specs.Worker("echo \"port=$PORT greeting=$GREETING leak=${RUNWAY_RUNTIME_TEST_LEAK:-unset}\"; pwd; exec sleep 300", directory: _directory.Path) with
        {
            Environment = Specs.Inherited.With("GREETING", "hi there").With("PORT", "1"),
            Port = 4711,
        };

        await supervisor.StartAsync([spec]);
        await Eventually.TrueAsync(() => _observer.Lines.Count >= 2, "two lines");

        Assert.Equal("port=4711 greeting=hi there leak=unset", _observer.Lines[0].Text);
        Assert.Equal(_directory.Path, _observer.Lines[1].Text);
    }
}
