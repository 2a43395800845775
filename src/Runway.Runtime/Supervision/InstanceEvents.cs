using Runway.Model;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Supervision;

/// <summary>The observable side of one instance: its current state, the state-change and output events sent to the
/// observer, the recent output kept for failure reports, and the tasks that complete at the start gate and at the end.</summary>
internal sealed class InstanceEvents
{
    private readonly InstanceSpec _spec;
    private readonly TimeProvider _time;
    private readonly IInstanceObserver _observer;
    private readonly Func<int> _consecutiveRestarts;
    private readonly RecentLines _recent;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<InstanceState> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InstanceState _state = InstanceState.Pending;
    private string _reason = "not started yet";
    private DateTimeOffset _since;
    private int? _processId;
    private int? _lastExitCode;
    private int _totalRestarts;
    private DateTimeOffset? _startedAt;

    public InstanceEvents(InstanceSpec spec, TimeProvider time, IInstanceObserver observer, int recentLines, Func<int> consecutiveRestarts)
    {
        _spec = spec;
        _consecutiveRestarts = consecutiveRestarts;
        _time = time;
        _observer = observer;
        _recent = new RecentLines(recentLines);
        _since = time.GetUtcNow();
        Output = OnOutput;
    }

    /// <summary>Receives the process's output lines.</summary>
    public Action<OutputStream, string> Output { get; }

    public Task<InstanceState> Started => _started.Task;

    public Task Ended => _ended.Task;

    public InstanceState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public void CountRestart() => Interlocked.Increment(ref _totalRestarts);

    /// <param name="processId">A process was just started (its start time is kept for the status).</param>
    /// <param name="outOfMemory">The memory limit ended the run.</param>
    public void Set(InstanceState next, string reason, int? exitCode = null, bool withRecentOutput = false, int? processId = null, bool outOfMemory = false)
    {
        lock (_lock)
        {
            if (_state.IsFinal())
            {
                return; // final states never change
            }

            var previous = _state;
            _state = next;
            _reason = reason;
            _since = _time.GetUtcNow();
            _processId = processId ?? _processId;
            _startedAt = processId is null ? _startedAt : _since;
            _lastExitCode = exitCode ?? _lastExitCode;
            var change = new InstanceStateChange(_spec.Id, previous, next, reason, _since)
            {
                ProcessId = _processId,
                ExitCode = exitCode,
                ConsecutiveRestarts = _consecutiveRestarts(),
                RecentOutput = withRecentOutput ? _recent.Snapshot().ToValueList() : ValueList<string>.Empty,
                OutOfMemory = outOfMemory,
            };

            // Inside the lock so one instance's changes reach the observer in order.
            try
            {
                _observer.OnStateChanged(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An observer's failure must not stop supervision (see IInstanceObserver).
            }
        }

        if (next == InstanceState.Healthy || next.IsFinal())
        {
            _started.TrySetResult(next);
        }

        if (next.IsFinal())
        {
            _ended.TrySetResult();
        }
    }

    public InstanceStatus GetStatus()
    {
        lock (_lock)
        {
            return new InstanceStatus(
                _spec.Id, _state, _reason, _since, _processId, _spec.Port, _lastExitCode,
                _consecutiveRestarts(), _totalRestarts, _recent.Snapshot().ToValueList())
            {
                StartedAt = _startedAt,
            };
        }
    }

    private void OnOutput(OutputStream stream, string text)
    {
        _recent.Add(text);
        try
        {
            _observer.OnOutput(new InstanceOutputLine(_spec.Id, stream, text, _time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // See IInstanceObserver: supervision goes on.
        }
    }
}
