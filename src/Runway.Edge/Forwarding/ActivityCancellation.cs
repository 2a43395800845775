namespace Runway.Edge.Forwarding;

/// <summary>One cancellation source per forwarded request that fires when the upstream makes no progress for the activity
/// timeout (each successful read or write restarts the clock), when the client goes away, or when the caller cancels.
/// Tells those causes apart so the forwarder can answer 504 for a timeout and stay silent for a vanished client.</summary>
internal sealed class ActivityCancellation : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;
    private readonly bool _hasTimeout;
    private CancellationTokenRegistration _requestAbortedRegistration;
    private CancellationTokenRegistration _callerRegistration;
    private volatile bool _cancelledByCaller;
    private volatile bool _cancelledByForwarder;
    private volatile bool _disposed;

    public ActivityCancellation(TimeSpan timeout, TimeProvider timeProvider, CancellationToken requestAborted, CancellationToken caller)
    {
        _timeout = timeout;
        _hasTimeout = timeout != Timeout.InfiniteTimeSpan;
        _source = new CancellationTokenSource(timeout, timeProvider);
        Token = _source.Token;
        if (requestAborted.CanBeCanceled)
        {
            _requestAbortedRegistration = requestAborted.UnsafeRegister(static state => ((ActivityCancellation)state!).CancelFromCaller(), this);
        }

        if (caller.CanBeCanceled)
        {
            _callerRegistration = caller.UnsafeRegister(static state => ((ActivityCancellation)state!).CancelFromCaller(), this);
        }
    }

    public CancellationToken Token { get; }

    /// <summary>The client went away or the caller's token fired.</summary>
    public bool CancelledByCaller => _cancelledByCaller;

    /// <summary>The activity timeout fired (not the client, the caller or the forwarder itself).</summary>
    public bool TimedOut => Token.IsCancellationRequested && !_cancelledByCaller && !_cancelledByForwarder;

    /// <summary>Progress was made: restart the inactivity clock.</summary>
    public void ResetTimeout()
    {
        if (!_hasTimeout || _disposed)
        {
            return;
        }

        try
        {
            _source.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // A late copy step after the request finished; nothing left to time.
        }
    }

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
        _requestAbortedRegistration.Dispose();
        _callerRegistration.Dispose();
        _source.Dispose();
    }
}
