namespace Runway.Edge.Forwarding;

/// <summary>One cancellation source per forwarded request that fires when the upstream makes no progress for the activity
/// timeout (each successful read or write restarts the clock), when the client goes away, or when the caller cancels.
/// Tells those causes apart so the forwarder can answer 504 for a timeout and stay silent for a vanished client.</summary>
/// <remarks>Work is stopped in one of two ways. Code that takes a <see cref="Token"/> gets one (its source is made on first use);
/// code that owns the I/O it waits on registers an abort with <see cref="SetAbort"/> instead, which costs no token source and no
/// registration per socket operation.</remarks>
internal sealed class ActivityCancellation : IDisposable
{
    private CancellationTokenSource? _source;
    private readonly ActivityClock? _clock;
    private Action<object>? _abort;
    private object? _abortState;
    private int _cancelled;
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

    /// <summary>Fires when the forward is cancelled for any reason.</summary>
    public CancellationToken Token => (Volatile.Read(ref _source) ?? CreateSource()).Token;

    /// <summary>Cancelled for any reason (whether or not anything asked for <see cref="Token"/>).</summary>
    public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

    /// <summary>The client went away or the caller's token fired.</summary>
    public bool CancelledByCaller => _cancelledByCaller;

    /// <summary>The activity timeout fired (not the client, the caller or the forwarder itself).</summary>
    public bool TimedOut => IsCancellationRequested && !_cancelledByCaller && !_cancelledByForwarder;

    /// <summary>Runs <paramref name="abort"/> when the forward is cancelled (at once when it already is), until
    /// <see cref="ClearAbort"/>: for code that ends its pending I/O by closing what it reads from.</summary>
    public void SetAbort(Action<object> abort, object state)
    {
        lock (this)
        {
            _abort = abort;
            _abortState = state;
        }

        if (IsCancellationRequested)
        {
            RunAbort();
        }
    }

    /// <summary>Drops the abort set by <see cref="SetAbort"/>; once this returns it will not run.</summary>
    /// <returns>False when the forward was cancelled, so the abort may have run (what it closes must not be used again).</returns>
    public bool ClearAbort()
    {
        lock (this)
        {
            _abort = null;
            _abortState = null;
        }

        return !IsCancellationRequested;
    }

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
        // Set before the source is read: a source made at the same time sees the flag and cancels itself (CreateSource).
        Interlocked.Exchange(ref _cancelled, 1);
        CancelSource(Volatile.Read(ref _source));
        RunAbort();
    }

    private void RunAbort()
    {
        // Run under the lock, so that once ClearAbort returns nothing can close what the abort was given.
        lock (this)
        {
            _abort?.Invoke(_abortState!);
            _abort = null;
            _abortState = null;
        }
    }

    private CancellationTokenSource CreateSource()
    {
        var created = new CancellationTokenSource();
        var source = Interlocked.CompareExchange(ref _source, created, null) ?? created;
        if (source != created)
        {
            created.Dispose();
        }
        else if (IsCancellationRequested)
        {
            CancelSource(source);
        }

        return source;
    }

    private static void CancelSource(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
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
        ClearAbort();
        Volatile.Read(ref _source)?.Dispose();
    }
}
