using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

/// <summary>The static file tests' server: one site's directory on a loopback port through <see cref="StaticFileHandler"/>
/// alone (no router): files, directory index pages, the cleanUrls <c>.html</c> lookup and the 404 page. The edge serves
/// sites through its router instead (Runway.Edge.Hosting).</summary>
internal sealed class StaticSiteServer : IAsyncDisposable
{
    private static readonly StringValues GetAndHead = new("GET, HEAD");

    private readonly WebApplication _app;

    private StaticSiteServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts serving <paramref name="rootDirectory"/> on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static Task<StaticSiteServer> StartAsync(string rootDirectory, int port, bool cleanUrls, CancellationToken cancellationToken) =>
        StartAsync(rootDirectory, port, cleanUrls, new StaticFileServingOptions(), TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="StartAsync(string, int, bool, CancellationToken)"/>, with serving options and a clock.</summary>
    public static async Task<StaticSiteServer> StartAsync(
        string rootDirectory, int port, bool cleanUrls, StaticFileServingOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var handler = new StaticFileHandler(rootDirectory, options, timeProvider);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(context => ServeAsync(context, handler, cleanUrls));
        await app.StartAsync(cancellationToken);
        return new StaticSiteServer(app, port != 0 ? port : BoundPort(app));
    }

    private static int BoundPort(WebApplication app)
    {
        foreach (var address in app.Urls)
        {
            return BindingAddress.Parse(address).Port;
        }

        throw new InvalidOperationException("Kestrel started without a bound address.");
    }

    private static async Task ServeAsync(HttpContext context, StaticFileHandler handler, bool cleanUrls)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = GetAndHead;
            return;
        }

        var path = context.Request.Path.Value;
        if (string.IsNullOrEmpty(path))
        {
            path = "/";
        }

        var result = await handler.ServeAsync(context, path);

        // Vercel cleanUrls: "/about" is served from "about.html".
        if (result == StaticFileResult.NotFound && cleanUrls && path.Length > 1 && !path.EndsWith('/'))
        {
            result = await handler.ServeAsync(context, path + ".html");
        }

        switch (result)
        {
            case StaticFileResult.Served:
                return;
            case StaticFileResult.Malformed:
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
        }

        await NotFoundResponse.WriteAsync(context, handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
