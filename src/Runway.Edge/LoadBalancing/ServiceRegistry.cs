using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Runway.Edge.LoadBalancing;

/// <summary>The instance sets of every service the edge forwards to, by service key (for example <c>studybuddy/production/web</c>).</summary>
public sealed class ServiceRegistry
{
    private readonly ConcurrentDictionary<string, ServiceDestinations> _services = new(StringComparer.Ordinal);

    /// <summary>Creates the service if needed and atomically replaces its instances. Returns the service's (stable) set,
    /// which routes may keep: later updates swap its contents.</summary>
    public ServiceDestinations Update(string service, IEnumerable<DestinationConfig> destinations)
    {
        var set = _services.GetOrAdd(service, static name => new ServiceDestinations(name));
        set.Update(destinations);
        return set;
    }

    public bool TryGet(string service, [NotNullWhen(true)] out ServiceDestinations? destinations) =>
        _services.TryGetValue(service, out destinations);

    /// <summary>Every service's set.</summary>
    public IEnumerable<ServiceDestinations> All => _services.Values;

    /// <summary>Forgets a service. Requests already holding its set finish normally; routes holding it get 503 after it is emptied.</summary>
    public bool Remove(string service)
    {
        if (!_services.TryRemove(service, out var removed))
        {
            return false;
        }

        removed.Update([]);
        return true;
    }
}
