using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding;

/// <summary>How the forwarder treats one incoming request header. Looked up once per header in a frozen table.</summary>
internal enum RequestHeaderKind
{
    /// <summary>Copied as it is.</summary>
    EndToEnd,

    /// <summary>Belongs to the client's connection (RFC 9110 §7.6.1); never copied.</summary>
    HopByHop,

    /// <summary>TE: dropped, except <c>TE: trailers</c> from an HTTP/2 client (RFC 9113 §8.2.2).</summary>
    TransferCodings,

    /// <summary>Set by the forwarder itself (Host, X-Forwarded-*).</summary>
    SetByForwarder,

    /// <summary>Belongs on <see cref="HttpContent.Headers"/> rather than the request's headers.</summary>
    Content,

    /// <summary>Content-Length: a content header, dropped when Transfer-Encoding is present (RFC 9112 §6.3).</summary>
    ContentLength,

    /// <summary>Cookie: several values are joined with "; " (RFC 6265 §5.4), not ", ".</summary>
    Cookie,
}

internal static class RequestHeaderKinds
{
    public const string ForwardedFor = "X-Forwarded-For";
    public const string ForwardedProto = "X-Forwarded-Proto";
    public const string ForwardedHost = "X-Forwarded-Host";

    private static readonly FrozenDictionary<string, RequestHeaderKind> Kinds = BuildTable();

    public static RequestHeaderKind Of(string name) =>
        Kinds.TryGetValue(name, out var kind) ? kind : RequestHeaderKind.EndToEnd;

    private static FrozenDictionary<string, RequestHeaderKind> BuildTable()
    {
        var kinds = new Dictionary<string, RequestHeaderKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in HopByHopHeaders.All)
        {
            kinds[name] = RequestHeaderKind.HopByHop;
        }

        kinds[HeaderNames.TE] = RequestHeaderKind.TransferCodings;
        kinds[HeaderNames.Host] = RequestHeaderKind.SetByForwarder;
        kinds[ForwardedFor] = RequestHeaderKind.SetByForwarder;
        kinds[ForwardedProto] = RequestHeaderKind.SetByForwarder;
        kinds[ForwardedHost] = RequestHeaderKind.SetByForwarder;
        kinds[HeaderNames.ContentLength] = RequestHeaderKind.ContentLength;
        kinds[HeaderNames.Cookie] = RequestHeaderKind.Cookie;
        // The headers HttpClient keeps on HttpContent.Headers rather than HttpRequestMessage.Headers.
        foreach (var name in (string[])[HeaderNames.Allow, HeaderNames.ContentDisposition, HeaderNames.ContentEncoding, HeaderNames.ContentLanguage,
            HeaderNames.ContentLocation, HeaderNames.ContentMD5, HeaderNames.ContentRange, HeaderNames.ContentType, HeaderNames.Expires, HeaderNames.LastModified])
        {
            kinds[name] = RequestHeaderKind.Content;
        }

        return kinds.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
