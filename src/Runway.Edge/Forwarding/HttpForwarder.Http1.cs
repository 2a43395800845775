using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Runway.Edge.Forwarding.Http1;

namespace Runway.Edge.Forwarding;

/// <summary>The forwarder's own HTTP/1.1 path. Most proxied requests are GETs without a body to an instance on loopback; for them
/// SocketsHttpHandler's general machinery (request and response message objects, header collections, version negotiation,
/// per-request cancellation registrations) costs as much CPU as the rest of the edge, so they are written and read here directly,
/// under the same rules (hop-by-hop headers, X-Forwarded-*, 502/504, aborts). Everything else still goes through
/// <see cref="HttpMessageInvoker"/>.</summary>
public sealed partial class HttpForwarder
{
    /// <summary>GET or HEAD, no body, no upgrade, to an http:// upstream without a base path, asked for as HTTP/1.1.</summary>
    private bool CarriesOverHttp1(HttpContext context, Uri destination, ForwardOptions options) =>
        _http1 is not null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && string.Equals(destination.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)
        && options.Version == HttpVersion.Version11 && options.VersionPolicy != HttpVersionPolicy.RequestVersionOrHigher
        && destination.AbsolutePath == "/"
        && !UpstreamRequestFactory.HasBody(context);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwardResult> ForwardOverHttp1Async(HttpContext context, Uri destination, ForwardOptions options, CancellationToken cancellationToken)
    {
        using var activity = new ActivityCancellation(options.ActivityTimeout, _activityClock, context.RequestAborted, cancellationToken);
        var request = context.Request;
        var endpoint = _http1!.For(destination);
        var hostHeader = options.PreserveHost && request.Host.HasValue ? request.Host.Value : endpoint.Authority;
        using var head = Http1RequestHead.Write(context, RequestTarget(destination, request.Path, request.QueryString), hostHeader,
            ForwardedHeaders.Of(context, _settings));
        var isHead = HttpMethods.IsHead(request.Method);
        Http1Connection? connection = null;
        int headLength;
        try
        {
            while (true)
            {
                connection = endpoint.TryRent() ?? await Http1Connection.ConnectAsync(endpoint.Host, endpoint.Port, _http1.ConnectTimeout, activity.Token);
                activity.SetAbort(AbortConnection, connection);
                try
                {
                    await connection.SendAsync(head.Bytes);
                    activity.ResetTimeout();
                    // Until a final response head (or a 101) is buffered; interim 1xx responses are skipped, as SocketsHttpHandler does.
                    while ((headLength = TryReadFinalHead(connection)) == 0)
                    {
                        var received = await connection.ReceiveAsync();
                        if (received == 0)
                        {
                            throw connection.Buffered.IsEmpty
                                ? new Http1ClosedException()
                                : new HttpRequestException(HttpRequestError.ResponseEnded, "The upstream closed the connection in the middle of the response head.");
                        }

                        connection.Received(received);
                        activity.ResetTimeout();
                    }

                    break;
                }
                catch (Exception ex) when (connection.Reused && connection.Buffered.IsEmpty && !activity.IsCancellationRequested
                    && ex is IOException or System.Net.Sockets.SocketException or Http1ClosedException)
                {
                    // A kept connection the upstream closed while it was idle: nothing was processed, so a fresh one is tried.
                    connection.Dispose();
                    connection = null;
                }
            }
        }
        catch (Exception ex)
        {
            connection?.Dispose();
            return await FailBeforeResponseAsync(context, destination, options, null, activity, ex);
        }

        var keep = false;
        try
        {
            activity.ResetTimeout();
            Http1Framing framing;
            try
            {
                framing = ApplyHead(context, connection, connection.Buffered[..headLength], isHead);
            }
            catch (Exception ex)
            {
                ForwarderLog.ResponseHeadersFailed(_logger, destination, ex);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return new ForwardResult(ForwardError.ResponseHeaders, ex);
            }

            connection.Consume(headLength);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var copy = await Http1BodyCopier.CopyAsync(connection, framing.Body, framing.ContentLength, context, activity);
            if (copy.Result != StreamCopyResult.Success)
            {
                return FailResponseBody(context, destination, copy, activity);
            }

            // Bytes after the response would belong to no request: such a connection is not used again. Nor is one the
            // forward's abort may have closed.
            keep = framing.KeepAlive && connection.Buffered.IsEmpty && activity.ClearAbort();
            return ForwardResult.Success;
        }
        finally
        {
            if (keep)
            {
                connection.MarkReusable();
                endpoint.Return(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    private static readonly Action<object> AbortConnection = static connection => ((Http1Connection)connection).Abort();

    /// <summary>The request target as <see cref="UpstreamRequestFactory.DestinationAddress"/> would send it: the path and query
    /// re-encoded, through <see cref="Uri"/> only when they hold anything it might rewrite.</summary>
    private static string RequestTarget(Uri destination, PathString path, QueryString query)
    {
        var target = string.Concat(path.HasValue ? path.ToUriComponent() : "/", query.ToUriComponent());
        return PlainUriText.IsPlain(target) && !PlainUriText.HasDotSegment(target) ? target : UpstreamRequestFactory.DestinationAddress(destination, path, query).PathAndQuery;
    }

    /// <summary>The length of the final response head (or a 101) at the start of the buffer, after dropping any complete interim
    /// 1xx responses before it; 0 when more bytes are needed. The head's parts are then in <see cref="Http1Connection.Head"/>.</summary>
    private static int TryReadFinalHead(Http1Connection connection)
    {
        var head = connection.Head;
        while (true)
        {
            var length = head.Parse(connection.Buffered);
            if (length < 0)
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent a malformed response head.");
            }

            if (length > 0 && head.Status is >= 100 and < 200 && head.Status != StatusCodes.Status101SwitchingProtocols)
            {
                connection.Consume(length);
                continue;
            }

            return length;
        }
    }

    /// <summary>Copies the status and the end-to-end header fields of the head <see cref="TryReadFinalHead"/> found in
    /// <paramref name="bytes"/> to the client's response and says how the body is framed.</summary>
    private static Http1Framing ApplyHead(HttpContext context, Http1Connection connection, ReadOnlySpan<byte> bytes, bool isHead)
    {
        var head = connection.Head;
        if (head.Status == StatusCodes.Status101SwitchingProtocols)
        {
            // RFC 9110 §15.2.2: 101 only answers a request that asked to upgrade; anything else is a broken upstream.
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream switched protocols without being asked to.");
        }

        var response = context.Response;
        response.StatusCode = head.Status;
        var reason = head.Reason(bytes);
        if (!reason.IsEmpty && !Ascii.Equals(reason, ReasonPhrases.GetReasonPhrase(head.Status)))
        {
            // Only a phrase that differs from the standard one is made into a string.
            ResponseHeaderCopier.ForwardReasonPhrase(context, head.Status, Encoding.Latin1.GetString(reason));
        }

        // First pass: the fields that decide the framing and which other fields are connection-specific.
        var listsConnection = false;
        var close = false;
        var chunked = false;
        var transferEncoding = false;
        long? contentLength = null;
        for (var i = 0; i < head.FieldCount; i++)
        {
            var name = head.Name(bytes, i);
            if (Http1HeaderNames.Is(name, HeaderNames.Connection))
            {
                listsConnection = true;
                close |= HopByHopHeaders.ContainsToken(head.Value(bytes, i), "close"u8);
            }
            else if (Http1HeaderNames.Is(name, HeaderNames.TransferEncoding))
            {
                transferEncoding = true;
                // RFC 9112 §6.3: chunked must be the final coding; anything else is read until the connection closes.
                var codings = head.Value(bytes, i);
                chunked = Ascii.EqualsIgnoreCase(codings[(codings.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8), "chunked"u8);
            }
            else if (Http1HeaderNames.Is(name, HeaderNames.ContentLength))
            {
                if (!TryParseDigits(head.Value(bytes, i), out var length) || (contentLength is { } earlier && earlier != length))
                {
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent an invalid Content-Length.");
                }

                contentLength = length;
            }
        }

        var body = isHead || head.Status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified ? Http1BodyFraming.None
            : transferEncoding ? (chunked ? Http1BodyFraming.Chunked : Http1BodyFraming.UntilClose)
            : contentLength is not null ? Http1BodyFraming.ContentLength
            : Http1BodyFraming.UntilClose;
        var keepAlive = head.Http11 && body != Http1BodyFraming.UntilClose && !close;

        // Second pass: copy what may cross the proxy. A name the upstream repeats keeps every value; the first replaces any value a
        // route rule set before.
        var headers = response.Headers;
        for (var i = 0; i < head.FieldCount; i++)
        {
            var nameBytes = head.Name(bytes, i);
            var name = Http1HeaderNames.ToName(nameBytes);
            if (ResponseHeaderCopier.IsConnectionSpecific(name, transferEncoding)
                || (listsConnection && ListedInConnection(head, bytes, nameBytes)))
            {
                continue;
            }

            var value = connection.HeaderValue(i, name, head.Value(bytes, i));
            if (SeenBefore(head, bytes, nameBytes, i))
            {
                headers.Append(name, value);
            }
            else
            {
                headers[name] = value;
            }
        }

        return new Http1Framing(body, contentLength ?? 0, keepAlive);
    }

    /// <summary>Whether a Connection field of the head names <paramref name="name"/> (RFC 9110 §7.6.1).</summary>
    private static bool ListedInConnection(Http1ResponseHead head, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < head.FieldCount; i++)
        {
            if (Http1HeaderNames.Is(head.Name(bytes, i), HeaderNames.Connection) && HopByHopHeaders.ContainsToken(head.Value(bytes, i), name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SeenBefore(Http1ResponseHead head, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> name, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (Ascii.EqualsIgnoreCase(head.Name(bytes, i), name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no white space, no overflow.</summary>
    private static bool TryParseDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var digit in text)
        {
            if (digit is < (byte)'0' or > (byte)'9' || value > (long.MaxValue - (digit - '0')) / 10)
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }

    private readonly record struct Http1Framing(Http1BodyFraming Body, long ContentLength, bool KeepAlive);
}
