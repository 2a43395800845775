using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>An instance process started in its own cgroup: signals and liveness cover every process of the cgroup
/// (also those that left the process group with setsid), and the end of the run reads the memory counters and
/// removes the cgroup.</summary>
internal sealed class IsolatedInstanceProcess(IInstanceProcess inner, InstanceCgroup cgroup, TimeProvider time) : IInstanceProcess
{
    /// <summary>Exit code of a process killed by SIGKILL (128 + 9), as .NET and shells report it.</summary>
    private const int KilledExitCode = 128 + LibC.SIGKILL;

    /// <summary>How long the end of a run waits for the cgroup to empty (exited processes not yet reaped) before removing it.</summary>
    private static readonly TimeSpan RemoveWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RemovePoll = TimeSpan.FromMilliseconds(20);

    private readonly Lock _lock = new();
    private Task<MemoryLimitKill?>? _end;

    public int Id => inner.Id;

    public Task<int> Exited => inner.Exited;

    public InstanceCgroup Cgroup => cgroup;

    public bool HasLiveProcesses => inner.HasLiveProcesses || cgroup.ProcessIds().Count > 0;

    public Task WaitForOutputAsync(TimeSpan limit) => inner.WaitForOutputAsync(limit);

    public void SignalGroup(int signal)
    {
        inner.SignalGroup(signal);
        if (signal == LibC.SIGKILL && cgroup.TryKillAll())
        {
            return;
        }

        foreach (var pid in cgroup.ProcessIds())
        {
            ProcessGroup.SignalProcess(pid, signal);
        }
    }

    public IReadOnlyList<int> LiveProcessIds() => cgroup.ProcessIds();

    public Task<MemoryLimitKill?> EndRunAsync()
    {
        lock (_lock)
        {
            return _end ??= EndCoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndRunAsync();
        await inner.DisposeAsync();
    }

    private async Task<MemoryLimitKill?> EndCoreAsync()
    {
        var evidence = cgroup.ReadMemoryLimitEvidence();
        var killed = inner.Exited.IsCompleted && await inner.Exited == KilledExitCode;
        var deadline = time.GetUtcNow() + RemoveWait;
        while (!cgroup.TryRemove() && time.GetUtcNow() < deadline)
        {
            await Task.Delay(RemovePoll, time);
        }

        return evidence switch
        {
            MemoryLimitEvidence.OomKill => new MemoryLimitKill(cgroup.MemoryLimit!.Value),
            MemoryLimitEvidence.LimitReached when killed => new MemoryLimitKill(cgroup.MemoryLimit!.Value),
            _ => null,
        };
    }
}
