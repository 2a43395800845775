using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Runway.Edge.Forwarding;

/// <summary>Forwards one HTTP request to one upstream and streams the response back, following the forwarder rules in
/// DESIGN.md (hop-by-hop headers, X-Forwarded-*, streaming bodies, trailers, upgrades, 502/504, aborts).
/// Create one per edge; it is thread-safe and keeps no per-request state.</summary>
public sealed partial class HttpForwarder : IDisposable
{
    private readonly HttpMessageInvoker _client;
    private readonly Http1.Http1Endpoints? _http1;
    private readonly ActivityClock _activityClock;
    private readonly UpstreamRequestFactory _requests;
    private readonly ForwarderSettings _settings;
    private readonly ILogger _logger;

    /// <param name="client">From <see cref="ForwarderHttpClientFactory.CreateClient"/>; never an <see cref="HttpClient"/>.</param>
    /// <param name="plainConnections">With these settings, GET and HEAD requests without a body to an http:// upstream travel on
    /// the forwarder's own HTTP/1.1 connections (see <see cref="CarriesOverHttp1"/>); without, every request uses <paramref name="client"/>.</param>
    public HttpForwarder(HttpMessageInvoker client, ForwarderSettings settings, ILogger<HttpForwarder> logger, TimeProvider timeProvider,
        ForwarderClientOptions? plainConnections = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        if (client is HttpClient)
        {
            throw new ArgumentException("HttpClient buffers response bodies; pass the HttpMessageInvoker from ForwarderHttpClientFactory.", nameof(client));
        }

        _client = client;
        _settings = settings;
        _activityClock = new ActivityClock(timeProvider);
        _http1 = plainConnections is null ? null : new Http1.Http1Endpoints(plainConnections, timeProvider);
        _requests = new UpstreamRequestFactory(settings);
        _logger = logger;
    }

    /// <summary>Forwards <paramref name="context"/>'s request to <paramref name="destinationPrefix"/> + its path and query and
    /// copies the answer to the client. On failure before the response started, sets 502 or 504 (no body) and returns the
    /// error; after it started, aborts the client connection. Never throws for network failures.</summary>
    /// <remarks>A <see cref="ValueTask{TResult}"/>, so the common HTTP/1.1 path can reuse its pooled state machine instead of
    /// allocating one per request; await it once.</remarks>
    public ValueTask<ForwardResult> ForwardAsync(HttpContext context, Uri destinationPrefix, ForwardOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destinationPrefix);
        ArgumentNullException.ThrowIfNull(options);
        if (context.Response.HasStarted)
        {
            throw new InvalidOperationException("The response has already started; the request can no longer be forwarded.");
        }

        var upgrade = UpstreamRequestFactory.UpgradeRequested(context);
        return upgrade is null && CarriesOverHttp1(context, destinationPrefix, options)
            ? ForwardOverHttp1Async(context, destinationPrefix, options, cancellationToken)
            : new ValueTask<ForwardResult>(ForwardThroughInvokerAsync(context, destinationPrefix, options, upgrade, cancellationToken));
    }

    private async Task<ForwardResult> ForwardThroughInvokerAsync(HttpContext context, Uri destinationPrefix, ForwardOptions options,
        IHttpUpgradeFeature? upgrade, CancellationToken cancellationToken)
    {
        using var activity = new ActivityCancellation(options.ActivityTimeout, _activityClock, context.RequestAborted, cancellationToken);
        using var message = _requests.Create(context, destinationPrefix, options, upgrade is not null, activity, out var body);

        HttpResponseMessage upstream;
        try
        {
            upstream = await _client.SendAsync(message, activity.Token);
        }
        catch (Exception ex)
        {
            return await FailBeforeResponseAsync(context, destinationPrefix, options, body, activity, ex);
        }

        using (upstream)
        {
            activity.ResetTimeout();
            var switching = upstream.StatusCode == HttpStatusCode.SwitchingProtocols;
            if (switching && upgrade is null)
            {
                // RFC 9110 §15.2.2: 101 only answers a request that asked to upgrade; anything else is a broken upstream.
                return await FailResponseHeadersAsync(context, destinationPrefix, body, activity,
                    new HttpRequestException("The upstream switched protocols without being asked to."));
            }

            try
            {
                ResponseHeaderCopier.CopyStatusAndHeaders(upstream, context);
            }
            catch (Exception ex)
            {
                return await FailResponseHeadersAsync(context, destinationPrefix, body, activity, ex);
            }

            if (switching)
            {
                var upgraded = await UpgradeTunnel.RunAsync(context, upgrade!, upstream, activity);
                ForwarderLog.UpgradeEnded(_logger, destinationPrefix, upgraded.Error, upgraded.Exception);
                return upgraded;
            }

            // Send each chunk on as it arrives (server-sent events, long polls) instead of collecting the body first.
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            return await CopyResponseBodyAsync(context, destinationPrefix, upstream, body, activity);
        }
    }

    private async Task<ForwardResult> FailResponseHeadersAsync(HttpContext context, Uri destination, StreamingRequestContent? body,
        ActivityCancellation activity, Exception exception)
    {
        ForwarderLog.ResponseHeadersFailed(_logger, destination, exception);
        await StopRequestBodyAsync(body, activity);
        // Status and some headers may already be copied; the client gets a clean 502 instead.
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        return new ForwardResult(ForwardError.ResponseHeaders, exception);
    }

    private async ValueTask<ForwardResult> CopyResponseBodyAsync(HttpContext context, Uri destination, HttpResponseMessage upstream,
        StreamingRequestContent? body, ActivityCancellation activity)
    {
        (StreamCopyResult Result, Exception? Error) copy;
        try
        {
            // The handler's response stream exists once the headers are read; asking for it synchronously saves a task.
            await using var source = upstream.Content.ReadAsStream(activity.Token);
            copy = await StreamCopier.CopyAsync(source, context.Response.Body, activity);
        }
        catch (Exception ex)
        {
            // Opening the upstream's stream failed: a reading side failure, as inside the copy.
            copy = StreamCopier.Failure(ex, reading: true, activity);
        }

        if (copy.Result == StreamCopyResult.Success)
        {
            ResponseHeaderCopier.CopyTrailers(upstream, context);
            return body is { Started: true } ? await FinishRequestBodyAsync(destination, body, activity) : ForwardResult.Success;
        }

        await StopRequestBodyAsync(body, activity);
        return FailResponseBody(context, destination, copy, activity);
    }

    /// <summary>The body copy failed: a client that left, or a response already started, ends the connection; otherwise the client
    /// still gets a 502 or 504.</summary>
    private ForwardResult FailResponseBody(HttpContext context, Uri destination, (StreamCopyResult Result, Exception? Error) copy, ActivityCancellation activity)
    {
        var error = copy.Result switch
        {
            StreamCopyResult.OutputError => ForwardError.ResponseBodyClient,
            _ when activity.TimedOut => ForwardError.ResponseBodyTimedOut,
            StreamCopyResult.Canceled => ForwardError.ResponseBodyCanceled,
            _ => ForwardError.ResponseBodyDestination,
        };
        if (error is ForwardError.ResponseBodyClient or ForwardError.ResponseBodyCanceled)
        {
            ForwarderLog.ClientGone(_logger, destination);
            Abort(context);
            return new ForwardResult(error, copy.Error);
        }

        ForwarderLog.ResponseBodyFailed(_logger, destination, error, copy.Error);
        if (!context.Response.HasStarted)
        {
            // Nothing reached the client yet: it can still get a proper error.
            context.Response.Clear();
            context.Response.StatusCode = error == ForwardError.ResponseBodyTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
        }
        else
        {
            // A truncated body must not look complete to the client.
            Abort(context);
        }

        return new ForwardResult(error, copy.Error);
    }

    /// <summary>The response is complete. A request body the upstream never finished reading is stopped; a request body
    /// that failed on its own is reported.</summary>
    private async Task<ForwardResult> FinishRequestBodyAsync(Uri destination, StreamingRequestContent body, ActivityCancellation activity)
    {
        if (body.InProgress)
        {
            activity.Cancel();
            await body.Completion;
            return ForwardResult.Success;
        }

        var (result, exception) = await body.Completion;
        if (result == StreamCopyResult.Success)
        {
            return ForwardResult.Success;
        }

        var error = result == StreamCopyResult.OutputError ? ForwardError.RequestBodyDestination : ForwardError.RequestBodyClient;
        ForwarderLog.RequestBodyFailed(_logger, destination, error, exception);
        return new ForwardResult(error, exception);
    }

    private async Task<ForwardResult> FailBeforeResponseAsync(HttpContext context, Uri destination, ForwardOptions options,
        StreamingRequestContent? body, ActivityCancellation activity, Exception exception)
    {
        var (bodyResult, bodyError) = body is { Started: true } && body.Completion.IsCompleted ? body.Completion.Result : (StreamCopyResult.Success, null);
        var timedOut = activity.TimedOut;
        ForwardError error;
        int status;
        if (activity.CancelledByCaller)
        {
            error = ForwardError.RequestCanceled;
            // A vanished client gets nothing; a caller that gave up (shutdown) still owes the client an answer.
            status = context.RequestAborted.IsCancellationRequested ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway;
            ForwarderLog.ClientGone(_logger, destination);
        }
        else if (bodyResult == StreamCopyResult.InputError)
        {
            error = ForwardError.RequestBodyClient;
            // Kestrel explains a bad body (too large, malformed chunks) with the status it wants.
            status = bodyError is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            ForwarderLog.RequestBodyFailed(_logger, destination, error, bodyError);
        }
        else if (bodyResult == StreamCopyResult.OutputError)
        {
            error = ForwardError.RequestBodyDestination;
            status = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            ForwarderLog.RequestBodyFailed(_logger, destination, error, exception);
        }
        else if (timedOut)
        {
            error = ForwardError.RequestTimedOut;
            status = StatusCodes.Status504GatewayTimeout;
            ForwarderLog.TimedOut(_logger, destination, options.ActivityTimeout);
        }
        else if (ConnectFailure.IsConnectFailure(exception) && (body is null || !body.Started))
        {
            error = ForwardError.ConnectFailed;
            status = StatusCodes.Status502BadGateway;
            ForwarderLog.ConnectFailed(_logger, destination, exception);
        }
        else
        {
            error = ForwardError.RequestFailed;
            status = StatusCodes.Status502BadGateway;
            ForwarderLog.RequestFailed(_logger, destination, exception);
        }

        await StopRequestBodyAsync(body, activity);
        context.Response.StatusCode = status;
        return new ForwardResult(error, exception);
    }

    private static async Task StopRequestBodyAsync(StreamingRequestContent? body, ActivityCancellation activity)
    {
        if (body is { InProgress: true })
        {
            activity.Cancel();
            await body.Completion;
        }
    }

    /// <summary>Ends the client's request abnormally: an HTTP/2 stream reset, or closing an HTTP/1.1 connection.</summary>
    internal static void Abort(HttpContext context)
    {
        var reset = context.Features.Get<IHttpResetFeature>();
        if (reset is not null && (HttpProtocol.IsHttp2(context.Request.Protocol) || HttpProtocol.IsHttp3(context.Request.Protocol)))
        {
            const int InternalError = 2; // RFC 9113 §7 INTERNAL_ERROR
            reset.Reset(InternalError);
            return;
        }

        context.Abort();
    }

    /// <summary>Upstream addresses the forwarder keeps HTTP/1.1 connections for (for tests).</summary>
    internal int PooledAddresses => _http1?.Count ?? 0;

    public void Dispose()
    {
        _http1?.Dispose();
        _activityClock.Dispose();
    }
}
