using Runway.Runtime.Health;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Tests.Support;

/// <summary>A process that ends when the test says so, or when it gets SIGTERM (unless it ignores it) or SIGKILL.</summary>
internal sealed class FakeProcess(int id, bool ignoresTerm) : IInstanceProcess
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<int> _signals = [];

    public int Id { get; } = id;

    public Task<int> Exited => _exited.Task;

    public bool HasLiveProcesses => !_exited.Task.IsCompleted;

    public Task WaitForOutputAsync(TimeSpan limit) => Task.CompletedTask;

    public IReadOnlyList<int> Signals
    {
        get
        {
            lock (_lock)
            {
                return [.. _signals];
            }
        }
    }

    public void Exit(int code) => _exited.TrySetResult(code);

    public void SignalGroup(int signal)
    {
        lock (_lock)
        {
            _signals.Add(signal);
        }

        if (signal == LibC.SIGKILL || !ignoresTerm)
        {
            Exit(128 + signal);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class FakeLauncher : IProcessLauncher
{
    private readonly Lock _lock = new();
    private readonly List<FakeProcess> _started = [];

    public bool IgnoreTerm { get; init; }

    /// <summary>When set, Start fails with this message.</summary>
    public string? LaunchFailure { get; set; }

    public IReadOnlyList<FakeProcess> Started
    {
        get
        {
            lock (_lock)
            {
                return [.. _started];
            }
        }
    }

    public int Count => Started.Count;

    public FakeProcess Last => Started[^1];

    public IInstanceProcess Start(InstanceSpec spec, Action<OutputStream, string> onLine)
    {
        if (LaunchFailure is { } failure)
        {
            throw new InstanceLaunchException(failure);
        }

        FakeProcess process;
        lock (_lock)
        {
            process = new FakeProcess(1000 + _started.Count, IgnoreTerm);
            _started.Add(process);
        }

        onLine(OutputStream.Stdout, $"boot {process.Id}");
        return process;
    }
}

/// <summary>Probes whose answer the test sets; counts probes.</summary>
internal sealed class FakeProbes : IHealthProbeFactory, IHealthProbe
{
    private int _probes;

    public volatile bool Healthy = true;

    public int Probes => Volatile.Read(ref _probes);

    public string Description => "fake probe";

    public IHealthProbe Create(InstanceSpec spec, IInstanceProcess process) => this;

    public Task<ProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probes);
        return Task.FromResult(Healthy ? ProbeResult.Pass("fake ok") : ProbeResult.Fail("fake failure"));
    }
}
