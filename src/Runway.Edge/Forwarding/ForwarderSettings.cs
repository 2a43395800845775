using System.Net;

namespace Runway.Edge.Forwarding;

/// <summary>Forwarder-wide settings that do not change per route.</summary>
public sealed record ForwarderSettings
{
    /// <summary>Peers whose X-Forwarded-For/Proto/Host we append to; from anyone else those headers are replaced.
    /// Empty by default: nobody is trusted.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    internal bool IsTrusted(IPAddress? peer)
    {
        if (peer is null || TrustedProxies.Count == 0)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (TrustedProxies[i].Contains(peer))
            {
                return true;
            }
        }

        return false;
    }
}
