using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Runway.Edge.StaticFiles;

/// <summary>Serves one site's output directory on a loopback port: files, directory index pages,
/// Vercel's cleanUrls lookup (<c>/about</c> → <c>about.html</c>) and <c>404.html</c> for misses.
/// Redirects, rewrites and headers from vercel.json are the edge router's job, not this server's.</summary>
public sealed class StaticSiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSiteServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts serving <paramref name="rootDirectory"/> on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<StaticSiteServer> StartAsync(string rootDirectory, int port, bool cleanUrls, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(rootDirectory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true });
        app.Run(context => ServeFallbackAsync(context, files, cleanUrls));
        await app.StartAsync(cancellationToken);
        var boundPort = port != 0 ? port : BoundPort(app);
        return new StaticSiteServer(app, boundPort);
    }

    private static int BoundPort(WebApplication app)
    {
        var address = app.Urls.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }

    private static async Task ServeFallbackAsync(HttpContext context, PhysicalFileProvider files, bool cleanUrls)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        // Vercel cleanUrls: "/about" is served from "about.html".
        if (cleanUrls && path.Length > 1 && !path.EndsWith('/') && await TrySendAsync(context, files, path + ".html", StatusCodes.Status200OK))
        {
            return;
        }

        // Vercel serves 404.html from the output directory with status 404 when a path matches nothing.
        if (!await TrySendAsync(context, files, "/404.html", StatusCodes.Status404NotFound))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("404: NOT_FOUND\n", context.RequestAborted);
        }
    }

    private static async Task<bool> TrySendAsync(HttpContext context, PhysicalFileProvider files, string path, int status)
    {
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            return false;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = file.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.SendFileAsync(file.PhysicalPath, context.RequestAborted);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
