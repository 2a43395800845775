namespace Runway.Edge.LoadBalancing;

/// <summary>One instance of a service with its live counters: requests in flight and passive health
/// (consecutive failed forwards, and until when it is out of rotation).</summary>
public sealed class Destination
{
    private int _inFlight;
    private int _consecutiveFailures;
    private long _ejectedUntil = long.MinValue;
    private volatile bool _healthy;

    internal Destination(DestinationConfig config)
    {
        Id = config.Id;
        Address = config.Address;
        _healthy = config.Healthy;
    }

    public string Id { get; }

    public Uri Address { get; }

    /// <summary>What the runtime last said (probes, draining). Independent of passive ejection.</summary>
    public bool Healthy
    {
        get => _healthy;
        internal set => _healthy = value;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>True while passive health keeps the instance out of rotation.</summary>
    public bool IsEjected(TimeProvider timeProvider) => timeProvider.GetTimestamp() < Volatile.Read(ref _ejectedUntil);

    internal bool IsAvailable(long now) => _healthy && now >= Volatile.Read(ref _ejectedUntil);

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    internal void RecordSuccess()
    {
        // Read first: most requests succeed, and a write per request would bounce the cache line between cores.
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }

    /// <summary>Counts a failed forward; at <paramref name="threshold"/> consecutive failures the instance leaves rotation
    /// until <paramref name="now"/> + <paramref name="period"/>. Returns true when this failure ejected it.</summary>
    internal bool RecordFailure(long now, int threshold, long period)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) < threshold)
        {
            return false;
        }

        // After reactivation the instance is on probation: one more failure ejects it again, one success clears it.
        Volatile.Write(ref _consecutiveFailures, threshold - 1);
        Volatile.Write(ref _ejectedUntil, now + period);
        return true;
    }
}
