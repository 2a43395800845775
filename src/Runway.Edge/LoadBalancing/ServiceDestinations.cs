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
