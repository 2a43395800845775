using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>Serves one site's output directory on a loopback port: files, directory index pages,
/// Vercel's cleanUrls lookup (<c>/about</c> → <c>about.html</c>) and <c>404.html</c> for misses.
/// Redirects, rewrites and headers from vercel.json are the edge router's job, not this server's.</summary>
public sealed class StaticSiteServer : IAsyncDisposable
{
    private const string NotFoundPage = "/404.html";
    private static readonly StringValues GetAndHead = new("GET, HEAD");
    private static readonly StringValues PlainText = new("text/plain; charset=utf-8");
    private static readonly byte[] NotFoundText = "404: NOT_FOUND\n"u8.ToArray();

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

        // Vercel serves 404.html from the output directory with status 404 when a path matches nothing.
        if (await handler.ServeAsync(context, NotFoundPage, StatusCodes.Status404NotFound) != StaticFileResult.Served)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers.ContentType = PlainText;
            context.Response.ContentLength = NotFoundText.Length;
            await context.Response.Body.WriteAsync(NotFoundText, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
