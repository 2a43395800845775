namespace Runway.Edge.Forwarding;

/// <summary>One cancellation source per forwarded request that fires when the upstream makes no progress for the activity
/// timeout (each successful read or write restarts the clock), when the client goes away, or when the caller cancels.
/// Tells those causes apart so the forwarder can answer 504 for a timeout and stay silent for a vanished client.</summary>
internal sealed class ActivityCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ActivityClock? _clock;
    private CancellationTokenRegistration _requestAbortedRegistration;
    private CancellationTokenRegistration _callerRegistration;
    private long _lastProgress;
    private volatile bool _cancelledByCaller;
    private volatile bool _cancelledByForwarder;
    private volatile bool _disposed;

    /// <param name="clock">Watches the timeout; null (or an infinite <paramref name="timeout"/>) means no timeout.</param>
    public ActivityCancellation(TimeSpan timeout, ActivityClock? clock, CancellationToken requestAborted, CancellationToken caller)
    {
        Timeout = timeout;
        Token = _source.Token;
        if (requestAborted.CanBeCanceled)
        {
            _requestAbortedRegistration = requestAborted.UnsafeRegister(static state => ((ActivityCancellation)state!).CancelFromCaller(), this);
        }

        // The edge passes the request's own abort token as the caller's too: one registration is enough.
        if (caller.CanBeCanceled && caller != requestAborted)
        {
            _callerRegistration = caller.UnsafeRegister(static state => ((ActivityCancellation)state!).CancelFromCaller(), this);
        }

        if (clock is not null && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            _clock = clock;
            _lastProgress = clock.Time.GetTimestamp();
            clock.Add(this);
        }
    }

    public TimeSpan Timeout { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last progress (or the start).</summary>
    public long LastProgress => Volatile.Read(ref _lastProgress);

    /// <summary>Links in <see cref="ActivityClock"/>'s list of watched forwards.</summary>
    internal ActivityCancellation? Previous { get; set; }

    internal ActivityCancellation? Next { get; set; }

    public CancellationToken Token { get; }

    /// <summary>The client went away or the caller's token fired.</summary>
    public bool CancelledByCaller => _cancelledByCaller;

    /// <summary>The activity timeout fired (not the client, the caller or the forwarder itself).</summary>
    public bool TimedOut => Token.IsCancellationRequested && !_cancelledByCaller && !_cancelledByForwarder;

    /// <summary>Progress was made: restart the inactivity clock.</summary>
    public void ResetTimeout()
    {
        if (_clock is not null && !_disposed)
        {
            Volatile.Write(ref _lastProgress, _clock.Time.GetTimestamp());
        }
    }

    /// <summary>The clock found no progress for <see cref="Timeout"/>.</summary>
    internal void Expire() => TryCancel();

    /// <summary>Stops all remaining work for this request (e.g. the other copy loop of an upgraded connection).</summary>
    public void Cancel()
    {
        _cancelledByForwarder = true;
        TryCancel();
    }

    private void CancelFromCaller()
    {
        _cancelledByCaller = true;
        TryCancel();
    }

    private void TryCancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _clock?.Remove(this);
        _requestAbortedRegistration.Dispose();
        _callerRegistration.Dispose();
        _source.Dispose();
    }
}
