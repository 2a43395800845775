using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding;

/// <summary>Copies the upstream's status line, headers and trailers to the client's response, dropping hop-by-hop
/// headers, headers the upstream listed in Connection, and values with CR or LF.</summary>
internal static class ResponseHeaderCopier
{
    public static void CopyStatusAndHeaders(HttpResponseMessage upstream, HttpContext context)
    {
        var response = context.Response;
        var status = (int)upstream.StatusCode;
        response.StatusCode = status;
        ForwardReasonPhrase(context, status, upstream.ReasonPhrase);

        var headers = upstream.Headers.NonValidated;
        headers.TryGetValues(HeaderNames.Connection, out var connection);
        // RFC 9112 §6.3: with Transfer-Encoding present, Content-Length is wrong by definition and must not be passed on.
        var chunked = headers.Contains(HeaderNames.TransferEncoding);
        Copy(headers, connection, dropContentLength: false, response.Headers);
        Copy(upstream.Content.Headers.NonValidated, connection, dropContentLength: chunked, response.Headers);
    }

    /// <summary>An HTTP/1.x client gets the upstream's reason phrase when it differs from the standard one for the status (HTTP/2
    /// and 3 have none); an empty one, or one with a line break, leaves the standard phrase.</summary>
    public static void ForwardReasonPhrase(HttpContext context, int status, string? reason)
    {
        if (!string.IsNullOrEmpty(reason) && !HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol)
            && !string.Equals(reason, ReasonPhrases.GetReasonPhrase(status), StringComparison.Ordinal) && !HopByHopHeaders.HasLineBreak(reason))
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        }
    }

    /// <summary>Trailers go to clients that can receive them (HTTP/2 and later on Kestrel); others never asked for them.</summary>
    public static void CopyTrailers(HttpResponseMessage upstream, HttpContext context)
    {
        if (!context.Response.SupportsTrailers())
        {
            return;
        }

        foreach (var trailer in upstream.TrailingHeaders.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(trailer.Key) || HasLineBreak(trailer.Value))
            {
                continue;
            }

            context.Response.AppendTrailer(trailer.Key, ToStringValues(trailer.Value));
        }
    }

    private static void Copy(HttpHeadersNonValidated source, HeaderStringValues connection, bool dropContentLength, IHeaderDictionary target)
    {
        foreach (var header in source)
        {
            var name = header.Key;
            if (IsConnectionSpecific(name, dropContentLength)
                || (connection.Count > 0 && IsListed(connection, name))
                || HasLineBreak(header.Value))
            {
                continue;
            }

            target[name] = ToStringValues(header.Value);
        }
    }

    /// <summary>A hop-by-hop response header, or Content-Length beside Transfer-Encoding (RFC 9112 §6.3: wrong by definition):
    /// neither is passed on. Headers the upstream named in Connection are the caller's to check.</summary>
    internal static bool IsConnectionSpecific(string name, bool hasTransferEncoding) =>
        HopByHopHeaders.IsHopByHop(name) || (hasTransferEncoding && string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase));

    private static bool IsListed(HeaderStringValues connection, string name)
    {
        foreach (var value in connection)
        {
            if (HopByHopHeaders.ContainsToken(value, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLineBreak(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            if (HopByHopHeaders.HasLineBreak(value))
            {
                return true;
            }
        }

        return false;
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }
}
