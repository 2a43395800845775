using System.Collections.Frozen;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding;

/// <summary>Which headers belong to one connection and must not cross the proxy (RFC 9110 §7.6.1),
/// and which header values are unsafe to forward.</summary>
internal static class HopByHopHeaders
{
    /// <summary>Headers dropped in both directions (for requests, TE has an exception: HTTP/2 keeps <c>TE: trailers</c>).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        HeaderNames.Connection,
        HeaderNames.TransferEncoding,
        HeaderNames.KeepAlive,
        HeaderNames.Upgrade,
        HeaderNames.ProxyAuthenticate,
        HeaderNames.ProxyAuthorization,
        HeaderNames.TE,
        "Proxy-Connection",
        "HTTP2-Settings",
        HeaderNames.UpgradeInsecureRequests,
        HeaderNames.AltSvc,
    ];

    private static readonly FrozenSet<string> Names = All.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => Names.Contains(name);

    /// <summary>True when <paramref name="name"/> is one of the comma-separated tokens of the Connection header
    /// (RFC 9110 §7.6.1: the sender lists further connection-specific headers there).</summary>
    public static bool IsListedIn(StringValues connection, string name)
    {
        for (var i = 0; i < connection.Count; i++)
        {
            if (ContainsToken(connection[i], name))
            {
                return true;
            }
        }

        return false;
    }

    public static bool ContainsToken(ReadOnlySpan<char> list, ReadOnlySpan<char> token)
    {
        while (!list.IsEmpty)
        {
            var comma = list.IndexOf(',');
            var item = comma < 0 ? list : list[..comma];
            if (item.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            list = comma < 0 ? [] : list[(comma + 1)..];
        }

        return false;
    }

    /// <summary><see cref="ContainsToken(ReadOnlySpan{char}, ReadOnlySpan{char})"/> for a field value and a name as they came
    /// off the wire.</summary>
    public static bool ContainsToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        while (!list.IsEmpty)
        {
            var comma = list.IndexOf((byte)',');
            var item = comma < 0 ? list : list[..comma];
            if (Ascii.EqualsIgnoreCase(item.Trim(" \t"u8), token))
            {
                return true;
            }

            list = comma < 0 ? [] : list[(comma + 1)..];
        }

        return false;
    }

    /// <summary>A value with CR or LF could split into a second header (response splitting); such values are dropped.</summary>
    public static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    public static bool HasLineBreak(StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (HasLineBreak(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HTTP/2 forbids every TE value except "trailers" (RFC 9113 §8.2.2); gRPC relies on it reaching the server.</summary>
    public static bool IsTrailersOnly(StringValues te) => te.Count == 1 && string.Equals(te[0]?.Trim(), "trailers", StringComparison.OrdinalIgnoreCase);
}
