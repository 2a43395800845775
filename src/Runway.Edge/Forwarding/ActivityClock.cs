namespace Runway.Edge.Forwarding;

/// <summary>One timer per forwarder that ends the forwards whose upstream has been silent for longer than their activity
/// timeout. A forward registers once and notes its progress as a timestamp, rather than creating and moving a timer of its own
/// on every read and write. It ticks at an eighth of the shortest timeout in use (between 10 ms and 1 s), only while forwards
/// are registered, so a timeout fires at most one tick late and never early.</summary>
internal sealed class ActivityClock : IDisposable
{
    private static readonly TimeSpan ShortestTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestTick = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private ActivityCancellation? _first;
    private TimeSpan _tick = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public ActivityClock(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((ActivityClock)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeProvider Time => _time;

    public void Add(ActivityCancellation activity)
    {
        var tick = activity.Timeout / 8;
        tick = tick < ShortestTick ? ShortestTick : tick > LongestTick ? LongestTick : tick;
        lock (_gate)
        {
            activity.Next = _first;
            if (_first is not null)
            {
                _first.Previous = activity;
            }

            _first = activity;
            if (!_disposed && (_tick == Timeout.InfiniteTimeSpan || tick < _tick))
            {
                _tick = tick;
                _timer.Change(tick, tick);
            }
        }
    }

    public void Remove(ActivityCancellation activity)
    {
        lock (_gate)
        {
            if (activity.Previous is not null)
            {
                activity.Previous.Next = activity.Next;
            }
            else if (_first == activity)
            {
                _first = activity.Next;
            }

            if (activity.Next is not null)
            {
                activity.Next.Previous = activity.Previous;
            }

            activity.Previous = activity.Next = null;
        }
    }

    private void Tick()
    {
        List<ActivityCancellation>? expired = null;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_first is null)
            {
                // Nothing to watch: stop until the next forward registers.
                _tick = Timeout.InfiniteTimeSpan;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            for (var activity = _first; activity is not null; activity = activity.Next)
            {
                if (_time.GetElapsedTime(activity.LastProgress, now) >= activity.Timeout)
                {
                    (expired ??= []).Add(activity);
                }
            }
        }

        // Cancelling runs the token's callbacks: never under the lock.
        expired?.ForEach(activity => activity.Expire());
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }
}
