namespace Runway.Edge.LoadBalancing;

/// <summary>The instances of one service. Readers take an immutable snapshot without locking; a deploy replaces the whole
/// set with <see cref="Update"/> in one atomic swap, so a request sees either the old set or the new one, never a mix.</summary>
public sealed class ServiceDestinations
{
    private readonly Lock _writeLock = new();
    private Destination[] _snapshot = [];
    private Destination[] _retired = [];

    public ServiceDestinations(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        Service = service;
    }

    public string Service { get; }

    /// <summary>The current instances. The list never changes; a later <see cref="Update"/> publishes a new one.</summary>
    public IReadOnlyList<Destination> Snapshot => Volatile.Read(ref _snapshot);

    internal Destination[] Current => Volatile.Read(ref _snapshot);

    /// <summary>Durations of the requests forwarded to the service, kept across updates of its instances.</summary>
    internal ResponseTimeWindow ResponseTimes { get; } = new();

    /// <summary>Replaces the instances. Instances whose id and address are unchanged keep their in-flight count and passive
    /// health; their Healthy flag takes the new value.</summary>
    public void Update(IEnumerable<DestinationConfig> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        lock (_writeLock)
        {
            var previous = _snapshot;
            var next = new List<Destination>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var config in destinations)
            {
                if (!seen.Add(config.Id))
                {
                    throw new ArgumentException($"Instance id '{config.Id}' appears twice for service '{Service}'.", nameof(destinations));
                }

                var existing = Array.Find(previous, d => d.Id == config.Id && d.Address == config.Address);
                if (existing is null)
                {
                    existing = new Destination(config);
                }
                else
                {
                    existing.Healthy = config.Healthy;
                }

                next.Add(existing);
            }

            // Instances a deploy took out keep being counted until their last request ends, so the deploy can drain them.
            var retired = previous.Where(d => !next.Contains(d)).Concat(_retired).Where(d => d.InFlight > 0).Distinct().ToArray();
            Volatile.Write(ref _snapshot, next.ToArray());
            Volatile.Write(ref _retired, retired);
        }
    }

    /// <summary>Requests in flight to the instances at <paramref name="addresses"/>, whether they are still in the set or were
    /// replaced by a deploy.</summary>
    public int InFlightTo(IReadOnlySet<Uri> addresses) =>
        Current.Concat(Volatile.Read(ref _retired)).Where(d => addresses.Contains(d.Address)).Sum(d => d.InFlight);

    /// <summary>Requests in flight to the current instances, the instances in rotation, and the p95 response time and request
    /// count of the last <paramref name="window"/> (whole seconds, the current one included; at most a minute).</summary>
    internal ServiceLoad MeasureLoad(TimeProvider time, TimeSpan window)
    {
        var now = time.GetTimestamp();
        var inFlight = 0;
        var inRotation = 0;
        foreach (var destination in Current)
        {
            inFlight += destination.InFlight;
            inRotation += destination.IsAvailable(now) ? 1 : 0;
        }

        var seconds = (int)Math.Clamp(Math.Ceiling(window.TotalSeconds), 1, ResponseTimeWindow.Seconds);
        var (requests, p95) = ResponseTimes.Read(now / time.TimestampFrequency, seconds, 0.95);
        return new ServiceLoad(inFlight, inRotation, p95, requests);
    }

    /// <summary>Marks one instance healthy or not (probe results, draining) without replacing the set.</summary>
    public bool SetHealthy(string id, bool healthy)
    {
        var destination = Array.Find(Current, d => d.Id == id);
        if (destination is null)
        {
            return false;
        }

        destination.Healthy = healthy;
        return true;
    }
}
