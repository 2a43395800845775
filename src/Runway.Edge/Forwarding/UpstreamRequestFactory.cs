using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding;

/// <summary>Builds the upstream <see cref="HttpRequestMessage"/> from the client's request: method, address, headers
/// (minus hop-by-hop ones, plus X-Forwarded-*), and a streaming body when the request has one.</summary>
internal sealed class UpstreamRequestFactory
{
    private readonly ForwarderSettings _settings;

    public UpstreamRequestFactory(ForwarderSettings settings) => _settings = settings;

    public HttpRequestMessage Create(HttpContext context, Uri destinationPrefix, ForwardOptions options, bool isUpgrade,
        ActivityCancellation activity, out StreamingRequestContent? body)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(MethodOf(request.Method), DestinationAddress(destinationPrefix, request.Path, request.QueryString));
        if (isUpgrade)
        {
            // Upgrade exists only in HTTP/1.1 (RFC 9110 §7.8).
            message.Version = HttpVersion.Version11;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else
        {
            message.Version = options.Version;
            message.VersionPolicy = options.VersionPolicy;
        }

        body = !isUpgrade && HasBody(context) ? new StreamingRequestContent(request.Body, activity) : null;
        message.Content = body;
        CopyHeaders(context, message);
        AddForwardedHeaders(context, message);
        if (options.PreserveHost && request.Host.HasValue)
        {
            message.Headers.TryAddWithoutValidation(HeaderNames.Host, request.Host.Value);
        }

        if (isUpgrade)
        {
            // The client's Connection/Upgrade pair was dropped as hop-by-hop; an upgrade needs it on the next hop too.
            message.Headers.TryAddWithoutValidation(HeaderNames.Connection, HeaderNames.Upgrade);
            var upgrade = request.Headers.Upgrade;
            if (!HopByHopHeaders.HasLineBreak(upgrade))
            {
                message.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, (IEnumerable<string?>)upgrade);
            }
        }

        return message;
    }

    /// <summary>Only an upgrade the client asked for on HTTP/1.1 is forwarded as one.</summary>
    public static IHttpUpgradeFeature? UpgradeRequested(HttpContext context)
    {
        var feature = context.Features.Get<IHttpUpgradeFeature>();
        return feature is { IsUpgradableRequest: true } && !StringValues.IsNullOrEmpty(context.Request.Headers.Upgrade) ? feature : null;
    }

    /// <summary>Prefix (scheme, host, port, optional base path) + the request's path and query, with one slash between.</summary>
    internal static Uri DestinationAddress(Uri destinationPrefix, PathString path, QueryString query)
    {
        ReadOnlySpan<char> prefix = destinationPrefix.AbsoluteUri;
        if (path.HasValue && prefix.EndsWith('/'))
        {
            prefix = prefix[..^1];
        }

        return new Uri(string.Concat(prefix, path.ToUriComponent(), query.ToUriComponent()), UriKind.Absolute);
    }

    private static HttpMethod MethodOf(string method)
    {
        // Kestrel interns known methods, so these comparisons are usually reference checks.
        if (HttpMethods.IsGet(method))
        {
            return HttpMethod.Get;
        }

        if (HttpMethods.IsPost(method))
        {
            return HttpMethod.Post;
        }

        if (HttpMethods.IsHead(method))
        {
            return HttpMethod.Head;
        }

        if (HttpMethods.IsPut(method))
        {
            return HttpMethod.Put;
        }

        if (HttpMethods.IsDelete(method))
        {
            return HttpMethod.Delete;
        }

        if (HttpMethods.IsOptions(method))
        {
            return HttpMethod.Options;
        }

        if (HttpMethods.IsPatch(method))
        {
            return HttpMethod.Patch;
        }

        return HttpMethods.IsTrace(method) ? HttpMethod.Trace : new HttpMethod(method);
    }

    /// <summary>Whether the client is sending a body. Guessing wrong either way hurts: a body-less request given
    /// content becomes <c>Transfer-Encoding: chunked</c>, which some servers reject on GET (RFC 9110 §9.3.1).</summary>
    internal static bool HasBody(HttpContext context)
    {
        var detection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (detection is not null)
        {
            return detection.CanHaveBody;
        }

        var request = context.Request;
        var transferEncoding = request.Headers.TransferEncoding;
        if (transferEncoding.Count > 0)
        {
            return true;
        }

        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        // HTTP/1.x requests announce a body with Content-Length or Transfer-Encoding (RFC 9112 §6.3);
        // HTTP/2 may not, so there only body-less methods are assumed to have none.
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            return false;
        }

        var method = request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method)
            || HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method));
    }

    private static void CopyHeaders(HttpContext context, HttpRequestMessage message)
    {
        var headers = context.Request.Headers;
        var connection = headers.Connection;
        var hasTransferEncoding = headers.TransferEncoding.Count > 0;
        // TE: trailers only means something between HTTP/2 peers (gRPC); on HTTP/1.1 it would also need "Connection: TE".
        var keepTrailersTe = message.Version.Major >= 2
            && (HttpProtocol.IsHttp2(context.Request.Protocol) || HttpProtocol.IsHttp3(context.Request.Protocol));
        foreach (var header in headers)
        {
            var name = header.Key;
            var value = header.Value;
            var kind = RequestHeaderKinds.Of(name);
            if (!PassesOn(name, value, kind, connection, hasTransferEncoding, keepTrailersTe))
            {
                continue;
            }

            switch (kind)
            {
                case RequestHeaderKind.Content or RequestHeaderKind.ContentLength:
                    message.Content ??= new EmptyRequestContent();
                    AddTo(message.Content.Headers, name, value);
                    break;
                case RequestHeaderKind.Cookie when value.Count > 1:
                    message.Headers.TryAddWithoutValidation(name, string.Join("; ", value.ToArray()));
                    break;
                default:
                    AddTo(message.Headers, name, value);
                    break;
            }
        }
    }

    /// <summary>Whether one of the client's headers crosses to the upstream (DESIGN forwarder rules 1 and 2). Staying behind:
    /// HTTP/2 pseudo-headers (they become the method, address and Host), hop-by-hop headers and the ones the forwarder sets itself,
    /// TE (except "trailers" between HTTP/2 peers), Content-Length beside Transfer-Encoding, headers named in Connection, and values
    /// with a line break.</summary>
    internal static bool PassesOn(string name, StringValues value, RequestHeaderKind kind, StringValues connection, bool hasTransferEncoding,
        bool keepTrailersTe)
    {
        if (name.Length == 0 || name[0] == ':')
        {
            return false;
        }

        switch (kind)
        {
            case RequestHeaderKind.HopByHop or RequestHeaderKind.SetByForwarder:
                return false;
            case RequestHeaderKind.TransferCodings when !(keepTrailersTe && HopByHopHeaders.IsTrailersOnly(value)):
                return false;
            case RequestHeaderKind.ContentLength when hasTransferEncoding:
                // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; forwarding both invites request smuggling.
                return false;
        }

        return !((connection.Count > 0 && HopByHopHeaders.IsListedIn(connection, name)) || HopByHopHeaders.HasLineBreak(value));
    }

    private static void AddTo(System.Net.Http.Headers.HttpHeaders target, string name, StringValues value)
    {
        if (value.Count == 1)
        {
            target.TryAddWithoutValidation(name, value[0]);
        }
        else
        {
            target.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        }
    }

    private void AddForwardedHeaders(HttpContext context, HttpRequestMessage message)
    {
        var forwarded = ForwardedHeaders.Of(context, _settings);
        AddIfPresent(message, RequestHeaderKinds.ForwardedFor, forwarded.For);
        AddIfPresent(message, RequestHeaderKinds.ForwardedProto, forwarded.Proto);
        AddIfPresent(message, RequestHeaderKinds.ForwardedHost, forwarded.Host);
    }

    private static void AddIfPresent(HttpRequestMessage message, string name, string? value)
    {
        if (value is not null)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
