using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Runway.Edge.Forwarding;

/// <summary>The X-Forwarded-For/Proto/Host values to send upstream: what this edge saw, replacing incoming values, or appended to
/// them when the peer is a trusted proxy (anyone else could forge them). Null means the header is not sent.</summary>
internal readonly record struct ForwardedHeaders(string? For, string? Proto, string? Host)
{
    public static ForwardedHeaders Of(HttpContext context, ForwarderSettings settings)
    {
        var request = context.Request;
        var peer = context.Connection.RemoteIpAddress;
        var trusted = settings.IsTrusted(peer);
        string? forwardedFor = null;
        if (peer is not null)
        {
            // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; upstreams expect a.b.c.d.
            var clientIp = (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
            forwardedFor = Combine(trusted ? request.Headers[RequestHeaderKinds.ForwardedFor] : default, clientIp);
        }

        var proto = Combine(trusted ? request.Headers[RequestHeaderKinds.ForwardedProto] : default, request.Scheme);
        var host = request.Host.HasValue
            ? Combine(trusted ? request.Headers[RequestHeaderKinds.ForwardedHost] : default, request.Host.Value)
            : null;
        return new ForwardedHeaders(forwardedFor, proto, host);
    }

    private static string? Combine(StringValues incoming, string value)
    {
        if (HopByHopHeaders.HasLineBreak(value))
        {
            return null;
        }

        return incoming.Count == 0 || HopByHopHeaders.HasLineBreak(incoming) ? value : string.Join(", ", incoming.ToString(), value);
    }
}
