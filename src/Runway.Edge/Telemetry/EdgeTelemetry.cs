using System.Buffers;
using System.Text;
using System.Text.Json;
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

            accessLog?.Write(FormatLine(context, record, startedAt, status, elapsed, body?.BytesWritten ?? 0));
        }
    }

    /// <summary>One JSON object per line: start time, app, part, method, path, status, duration, bytes, upstream, error, client.</summary>
    internal static string FormatLine(HttpContext context, EdgeRequestRecord record, DateTimeOffset startedAt, int status, TimeSpan elapsed, long bytes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", startedAt);
            json.WriteString("app", record.App);
            json.WriteString("part", record.Part);
            json.WriteString("method", context.Request.Method);
            json.WriteString("host", context.Request.Host.Value);
            json.WriteString("path", context.Request.Path.Value);
            json.WriteNumber("status", status);
            json.WriteNumber("durationMs", Math.Round(elapsed.TotalMilliseconds, 3));
            json.WriteNumber("bytes", bytes);
            if (record.Upstream is not null)
            {
                json.WriteString("upstream", record.Upstream);
            }

            if (record.UpstreamError != ForwardError.None)
            {
                json.WriteString("upstreamError", record.UpstreamError.ToString());
            }

            json.WriteString("client", context.Connection.RemoteIpAddress?.ToString());
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
