using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Runway.Edge.Hosting;
using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.EdgeHost;

/// <summary>The edge host end to end on loopback: which app and part a host reaches, and what a site's rules do.</summary>
public sealed class EdgeServerTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _site = new("runway-edge-site-");
    private WebApplication _upstream = null!;
    private EdgeServer _edge = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _site.Write("index.html", "<h1>home</h1>");
        _site.Write("about.html", "<h1>about</h1>");
        _site.Write("404.html", "<h1>missing</h1>");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _upstream = builder.Build();
        _upstream.Run(context => context.Response.WriteAsync($"api saw {context.Request.Path}{context.Request.QueryString} host {context.Request.Host}"));
        await _upstream.StartAsync();

        _edge = await EdgeServer.StartAsync(0);
        var routing = VercelRouting.None with
        {
            CleanUrls = true,
            Redirects = [new VercelRedirect("/old", "/about", 308, [], [], new SourceLocation("vercel.json", 3, 5))],
            Rewrites = [new VercelRewrite("/api/:path*", "https://api.shop.example/v1/:path*", null, [], [], new SourceLocation("vercel.json", 6, 5))],
        };
        var diagnostics = _edge.Apply(new EdgeApp(
            "shop",
            "frontend",
            [new EdgeSite("frontend", _site.Path, routing)],
            [new EdgeService("api", [new EdgeInstance("api.1", new Uri(_upstream.Urls.First()))], ["api.shop.example"])]));
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_edge.Port}"),
        };
    }

    [Fact]
    public async Task Any_host_reaches_the_entry_site_of_the_only_app()
    {
        Assert.Equal("<h1>home</h1>", await GetAsync("/", host: "whatever.example"));
        Assert.Equal("<h1>about</h1>", await GetAsync("/about", host: "shop.localhost"));
    }

    [Fact]
    public async Task A_site_miss_serves_its_404_page_and_a_redirect_rule_answers_with_its_status()
    {
        using var missing = await SendAsync("/nothing-here", "shop.localhost");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("<h1>missing</h1>", await missing.Content.ReadAsStringAsync());

        using var redirect = await SendAsync("/old", "shop.localhost");
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
        Assert.Equal("/about", redirect.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_rewrite_aimed_at_a_service_domain_is_forwarded_to_that_service()
    {
        var body = await GetAsync("/api/items/7?sort=asc", host: "shop.localhost");

        Assert.StartsWith("api saw /v1/items/7?sort=asc host 127.0.0.1:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_host_and_a_service_domain_reach_the_service_directly()
    {
        Assert.StartsWith("api saw /health", await GetAsync("/health", host: "api.shop.localhost"), StringComparison.Ordinal);
        Assert.StartsWith("api saw /health", await GetAsync("/health", host: "api.shop.example"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_part_or_app_host_is_not_found_once_several_apps_are_served()
    {
        _edge.Apply(new EdgeApp("blog", "site", [new EdgeSite("site", _site.Path, VercelRouting.None)], []));

        using var unknownPart = await SendAsync("/", "nope.shop.localhost");
        Assert.Equal(HttpStatusCode.NotFound, unknownPart.StatusCode);
        using var unknownApp = await SendAsync("/", "elsewhere.example");
        Assert.Equal(HttpStatusCode.NotFound, unknownApp.StatusCode);
        Assert.Equal("<h1>home</h1>", await GetAsync("/", host: "blog.localhost"));
    }

    [Fact]
    public async Task An_instance_marked_unhealthy_is_not_sent_requests()
    {
        _edge.SetInstanceHealth("shop", "api", "api.1", healthy: false);

        using var response = await SendAsync("/health", "api.shop.localhost");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        _edge.SetInstanceHealth("shop", "api", "api.1", healthy: true);
        Assert.StartsWith("api saw", await GetAsync("/health", host: "api.shop.localhost"), StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path, string host)
    {
        using var response = await SendAsync(path, host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = host;
        return await _client.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _upstream.StopAsync();
        await _upstream.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _client?.Dispose();
        _site.Dispose();
    }
}
