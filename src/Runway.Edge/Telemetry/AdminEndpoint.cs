using Microsoft.AspNetCore.Http;

namespace Runway.Edge.Telemetry;

/// <summary>The admin listener's answers: <c>GET /metrics</c> in the Prometheus text format; nothing else.</summary>
internal static class AdminEndpoint
{
    public static async Task HandleAsync(HttpContext context, EdgeMetrics metrics, Func<string>? additional)
    {
        if (context.Request.Path != "/metrics" || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(metrics.Render() + (additional?.Invoke() ?? ""), context.RequestAborted);
    }
}
