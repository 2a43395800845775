using Microsoft.AspNetCore.Http;
using Runway.Edge.Hosting;

namespace Runway.Edge.Telemetry;

/// <summary>The admin listener's answers: <c>GET /metrics</c> (the edge's, the process's and the daemon's) in the Prometheus text format and <c>GET /health</c> as JSON
/// (200 healthy, 503 not); nothing else.</summary>
internal static class AdminEndpoint
{
    public static async Task HandleAsync(HttpContext context, EdgeMetrics metrics, Func<string>? additional, Func<CancellationToken, Task<AdminHealth>>? health)
    {
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.Path == "/metrics")
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(metrics.Render() + RuntimeMetrics.Render() + (additional?.Invoke() ?? ""), context.RequestAborted);
        }
        else if (context.Request.Path == "/health")
        {
            var answer = health is null ? new AdminHealth(true, """{"healthy":true}""") : await health(context.RequestAborted);
            context.Response.StatusCode = answer.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(answer.Json, context.RequestAborted);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
