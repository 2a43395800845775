using Microsoft.AspNetCore.Http;
using Runway.Server.Daemon;
using Runway.Server.Logs;

namespace Runway.Server.Api;

/// <summary><c>GET /v1/apps/APP/logs?lines=N&amp;service=S&amp;follow=true</c>: the app's last lines as text, then, when
/// following, every new line as it is written until the client leaves.</summary>
internal static class LogsEndpoint
{
    public static RequestDelegate HandleAsync(RunwayDaemon daemon, CancellationToken stopping) => async context =>
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var host = daemon.FindApp(name);
        if (host is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"no app named {name}\n");
            return;
        }

        var query = context.Request.Query;
        var service = query["service"].FirstOrDefault();
        var count = int.TryParse(query["lines"].FirstOrDefault(), out var n) && n >= 0 ? n : 100;
        context.Response.ContentType = "text/plain; charset=utf-8";
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            if (query["follow"].FirstOrDefault() is not ("true" or "1"))
            {
                await WriteAsync(context, host.Log.Tail(count, service), done.Token);
                return;
            }

            using var subscription = host.Log.Follow(count, service, out var tail);
            await WriteAsync(context, tail, done.Token);
            await foreach (var line in subscription.Lines.ReadAllAsync(done.Token))
            {
                if (service is null || line.Service == service)
                {
                    await WriteAsync(context, [line], done.Token);
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    };

    private static async Task WriteAsync(HttpContext context, IEnumerable<LogLine> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line.Format() + "\n", cancellationToken);
        }

        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
