using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Runway.Edge.StaticFiles;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.StaticFiles;

/// <summary>The handler as an edge host uses it: the router picks the path and status and may set headers first.</summary>
public sealed class HandlerHostingTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task Headers_set_by_the_caller_win_and_vary_is_extended()
    {
        File.WriteAllText(Path.Combine(_root.Path, "app.3f9a1c2b.js"), "let a = 1;");
        var handler = new StaticFileHandler(_root.Path);
        await using var host = await StartAsync(async context =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.ContentType = "application/x-custom";
            context.Response.Headers.Vary = "Cookie";
            await handler.ServeAsync(context, "/app.3f9a1c2b.js");
        });

        using var response = await host.Client.GetAsync(new Uri("/anything", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", SiteFixture.RawHeader(response, "Cache-Control"));
        Assert.Equal("application/x-custom", SiteFixture.RawHeader(response, "Content-Type"));
        Assert.Equal(["Cookie", "Accept-Encoding"], response.Headers.Vary);
        Assert.Equal("let a = 1;", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rewrite_to_a_file_with_another_status_sends_it_whole_and_misses_write_nothing()
    {
        File.WriteAllText(Path.Combine(_root.Path, "gone.html"), "<p>gone</p>");
        var handler = new StaticFileHandler(_root.Path);
        var results = new List<StaticFileResult>();
        await using var host = await StartAsync(async context =>
        {
            var result = await handler.ServeAsync(context, context.Request.Path.Value!, StatusCodes.Status410Gone);
            lock (results)
            {
                results.Add(result);
            }

            if (result != StaticFileResult.Served)
            {
                context.Response.StatusCode = 499;
            }
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/gone.html", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-1");

        using var gone = await host.Client.SendAsync(request);
        using var missing = await host.Client.GetAsync(new Uri("/nothing.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("<p>gone</p>", await gone.Content.ReadAsStringAsync());
        Assert.Equal(499, (int)missing.StatusCode);
        Assert.Equal([StaticFileResult.Served, StaticFileResult.NotFound], results);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<Host> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return new Host(app, client);
    }

    private sealed record Host(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
