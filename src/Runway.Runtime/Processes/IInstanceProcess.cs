namespace Runway.Runtime.Processes;

/// <summary>A started instance: its main process and the process group it leads.</summary>
internal interface IInstanceProcess : IAsyncDisposable
{
    /// <summary>Process id of the main process, which is also the id of its process group.</summary>
    int Id { get; }

    /// <summary>Completes with the exit code when the main process has ended (128 + n when killed by signal n).</summary>
    Task<int> Exited { get; }

    /// <summary>True while the main process or anything it started in its group still runs.</summary>
    bool HasLiveProcesses { get; }

    /// <summary>Waits (at most <paramref name="limit"/>) until every output line the process wrote has been delivered,
    /// so a report made after an exit includes its last lines.</summary>
    Task WaitForOutputAsync(TimeSpan limit);

    /// <summary>Sends a signal (<see cref="LibC.SIGTERM"/>, <see cref="LibC.SIGKILL"/>) to the whole process group.</summary>
    void SignalGroup(int signal);

    /// <summary>Ids of the instance's processes that still run: its process group (its cgroup when isolated).</summary>
    IReadOnlyList<int> LiveProcessIds() => ProcessGroup.LiveMembers(Id);

    /// <summary>Called once the run's processes are gone: whether the kernel killed one of them for exceeding the memory
    /// limit (null: it did not, or no limit applied), and releases what the launch set up for the run (its cgroup).
    /// Safe to call more than once.</summary>
    Task<MemoryLimitKill?> EndRunAsync() => Task.FromResult<MemoryLimitKill?>(null);
}

/// <summary>The kernel killed a process of the instance because the instance used more than <paramref name="LimitBytes"/> of memory.</summary>
internal sealed record MemoryLimitKill(long LimitBytes);

/// <summary>Starts instance processes.</summary>
internal interface IProcessLauncher
{
    /// <summary>Starts the instance's command; each output line is handed to <paramref name="onLine"/>.</summary>
    /// <exception cref="InstanceLaunchException">The process could not be started (missing directory, no shell).</exception>
    IInstanceProcess Start(InstanceSpec spec, Action<OutputStream, string> onLine);
}

/// <summary>An instance's process could not be started; the message says why and what to fix.</summary>
internal sealed class InstanceLaunchException(string message, Exception? inner = null) : Exception(message, inner);
