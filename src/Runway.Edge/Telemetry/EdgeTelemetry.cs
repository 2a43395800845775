using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Telemetry;

/// <summary>Wraps each app request: times it, counts its response bytes, then records it in the metrics and the access log.</summary>
internal sealed class EdgeTelemetry(EdgeMetrics metrics, AccessLog? accessLog, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var record = new EdgeRequestRecord();
        context.Features.Set(record);
        context.Features.Set<IForwardOutcomeFeature>(record);
        CountingResponseBody? body = null;
        if (accessLog is not null && context.Features.Get<IHttpResponseBodyFeature>() is { } inner)
        {
            body = new CountingResponseBody(inner);
            context.Features.Set<IHttpResponseBodyFeature>(body);
        }

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.RecordRequest(record.App, record.Part, status, elapsed);
            if (record.UpstreamError != ForwardError.None)
            {
                metrics.RecordUpstreamError(record.App, record.Part, record.UpstreamError);
            }

            accessLog?.Write(new AccessLogEntry(
                startedAt, record.App, record.Part, context.Request.Method, context.Request.Host.Value, context.Request.Path.Value, status, elapsed,
                body?.BytesWritten ?? 0, record.Upstream, record.UpstreamError, context.Connection.RemoteIpAddress));
        }
    }
}
