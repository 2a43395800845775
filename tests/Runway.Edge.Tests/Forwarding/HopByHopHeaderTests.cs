using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 1: hop-by-hop headers stay on their own connection.</summary>
public sealed class HopByHopHeaderTests
{
    [Fact]
    public async Task Request_hop_by_hop_headers_and_headers_named_in_Connection_are_not_forwarded()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port,
            "GET /echo HTTP/1.1\r\n" +
            "Host: example.test\r\n" +
            // Kestrel replaces a Connection value of "keep-alive" or "close" plus custom tokens with the bare keyword, so the
            // custom tokens never reach the application; only custom tokens alone survive. The connection stays open, so the
            // reply is read up to its last chunk.
            "Connection: X-Session-Hop, X-Other-Hop\r\n" +
            "Keep-Alive: timeout=5\r\n" +
            "Proxy-Connection: keep-alive\r\n" +
            "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n" +
            "TE: gzip\r\n" +
            "Upgrade: h2c\r\n" +
            "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n" +
            "Upgrade-Insecure-Requests: 1\r\n" +
            "Alt-Svc: h3=\":443\"\r\n" +
            "X-Session-Hop: secret\r\n" +
            "X-Other-Hop: other\r\n" +
            "X-End-To-End: kept\r\n" +
            "\r\n", until: RawHttp.LastChunk);

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        var echo = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal("kept", Upstreams.HeaderIn(echo, "X-End-To-End"));
        foreach (var dropped in new[] { "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE", "Upgrade", "HTTP2-Settings",
            "Upgrade-Insecure-Requests", "Alt-Svc", "X-Session-Hop", "X-Other-Hop" })
        {
            Assert.Null(Upstreams.HeaderIn(echo, dropped));
        }

        Assert.Null(Upstreams.HeaderIn(echo, "Connection"));
        Assert.Equal(ForwardError.None, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task Response_hop_by_hop_headers_and_headers_named_in_Connection_are_not_returned()
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(
            "HTTP/1.1 200 OK\r\n" +
            "Connection: X-Upstream-Hop\r\n" +
            "Keep-Alive: timeout=5, max=100\r\n" +
            "Proxy-Connection: keep-alive\r\n" +
            "Proxy-Authenticate: Basic realm=\"inner\"\r\n" +
            "Alt-Svc: h3=\":443\"\r\n" +
            "Upgrade: h2c\r\n" +
            "X-Upstream-Hop: secret\r\n" +
            "X-End-To-End: kept\r\n" +
            "Content-Length: 2\r\n" +
            "\r\n" +
            "ok");
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("kept", Assert.Single(response.Headers.GetValues("X-End-To-End")));
        foreach (var dropped in new[] { "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Alt-Svc", "Upgrade", "X-Upstream-Hop" })
        {
            Assert.False(response.Headers.Contains(dropped), dropped);
        }
    }

    [Fact]
    public async Task TE_trailers_reaches_the_upstream_from_an_http2_client()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders, HttpProtocols.Http2);
        var options = ForwardOptions.Default with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, options, c.RequestAborted), HttpProtocols.Http2);
        using var client = front.CreateClient(HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await client.SendAsync(request);

        Assert.Equal("trailers", Upstreams.HeaderIn(await response.Content.ReadAsStringAsync(), "TE"));
    }

    [Fact]
    public async Task TE_trailers_from_an_http2_client_is_dropped_towards_an_http11_upstream()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted), HttpProtocols.Http2);
        using var client = front.CreateClient(HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await client.SendAsync(request);

        var echo = await response.Content.ReadAsStringAsync();
        Assert.NotNull(Upstreams.HeaderIn(echo, "Host"));
        Assert.Null(Upstreams.HeaderIn(echo, "TE"));
    }

    [Fact]
    public async Task TE_from_an_http11_client_is_dropped_even_when_it_says_trailers()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port, "GET / HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Null(Upstreams.HeaderIn(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..], "TE"));
    }
}
