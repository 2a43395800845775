using System.Net;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 3: X-Forwarded-For/Proto/Host tell the upstream what the edge saw; incoming values are
/// trusted only from configured proxies. Host is the upstream's own unless the route keeps the original.</summary>
public sealed class ForwardedHeadersTests
{
    private static async Task<(string Echo, string UpstreamAuthority)> EchoAndAuthorityAsync(ForwarderSettings settings, ForwardOptions options, Action<HttpRequestMessage> prepare)
    {
        using var forwarders = new Forwarders(settings);
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, options, c.RequestAborted));
        using var client = front.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        prepare(request);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), upstream.Address.Authority);
    }

    private static async Task<string> EchoThroughFrontAsync(ForwarderSettings settings, ForwardOptions options, Action<HttpRequestMessage> prepare) =>
        (await EchoAndAuthorityAsync(settings, options, prepare)).Echo;

    [Fact]
    public async Task X_Forwarded_headers_are_set_from_the_connection()
    {
        var echo = await EchoThroughFrontAsync(new ForwarderSettings(), ForwardOptions.Default, request => request.Headers.Host = "app.example.test");

        Assert.Equal("127.0.0.1", Upstreams.HeaderIn(echo, "X-Forwarded-For"));
        Assert.Equal("http", Upstreams.HeaderIn(echo, "X-Forwarded-Proto"));
        Assert.Equal("app.example.test", Upstreams.HeaderIn(echo, "X-Forwarded-Host"));
    }

    [Fact]
    public async Task X_Forwarded_headers_from_an_untrusted_peer_are_replaced()
    {
        var echo = await EchoThroughFrontAsync(new ForwarderSettings(), ForwardOptions.Default, request =>
        {
            request.Headers.Host = "app.example.test";
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "bank.example");
        });

        Assert.Equal("127.0.0.1", Upstreams.HeaderIn(echo, "X-Forwarded-For"));
        Assert.Equal("http", Upstreams.HeaderIn(echo, "X-Forwarded-Proto"));
        Assert.Equal("app.example.test", Upstreams.HeaderIn(echo, "X-Forwarded-Host"));
    }

    [Fact]
    public async Task X_Forwarded_headers_from_a_trusted_proxy_are_appended_to()
    {
        var settings = new ForwarderSettings { TrustedProxies = [IPNetwork.Parse("127.0.0.1/32")] };
        var echo = await EchoThroughFrontAsync(settings, ForwardOptions.Default, request =>
        {
            request.Headers.Host = "app.example.test";
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.4");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "www.example.test");
        });

        Assert.Equal("198.51.100.4, 127.0.0.1", Upstreams.HeaderIn(echo, "X-Forwarded-For"));
        Assert.Equal("https, http", Upstreams.HeaderIn(echo, "X-Forwarded-Proto"));
        Assert.Equal("www.example.test, app.example.test", Upstreams.HeaderIn(echo, "X-Forwarded-Host"));
    }

    [Fact]
    public async Task Host_is_the_upstreams_own_by_default()
    {
        var (echo, upstream) = await EchoAndAuthorityAsync(new ForwarderSettings(), ForwardOptions.Default, request => request.Headers.Host = "app.example.test");

        Assert.Equal(upstream, Upstreams.HeaderIn(echo, "Host"));
    }

    [Fact]
    public async Task Host_is_the_clients_when_the_route_preserves_it()
    {
        var echo = await EchoThroughFrontAsync(new ForwarderSettings(), ForwardOptions.Default with { PreserveHost = true },
            request => request.Headers.Host = "app.example.test");

        Assert.Equal("app.example.test", Upstreams.HeaderIn(echo, "Host"));
    }
}
