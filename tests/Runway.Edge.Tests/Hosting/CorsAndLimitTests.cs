using Microsoft.AspNetCore.Http;
using System.Net;
using Runway.Edge.Hosting;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

public class CorsAndLimitTests
{
    private static readonly EdgeSettings WithCors = new()
    {
        Cors = new CorsSettings(["https://app.example.com"], ["GET", "POST"], Credentials: true),
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/items", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_at_the_edge()
    {
        await using var edge = await EdgeHarness.StartAsync(WithCors);
        using var request = Preflight("https://app.example.com");
        var response = await edge.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("Origin", Header(response, "Vary"));
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_refused_without_cors_headers()
    {
        await using var edge = await EdgeHarness.StartAsync(WithCors);
        using var request = Preflight("https://evil.example");
        var response = await edge.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Actual_responses_carry_cors_headers_only_for_allowed_origins()
    {
        await using var edge = await EdgeHarness.StartAsync(WithCors);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        allowed.Headers.Add("Origin", "https://app.example.com");
        var response = await edge.Client.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://app.example.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));

        using var other = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        other.Headers.Add("Origin", "https://evil.example");
        var refused = await edge.Client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Null(Header(refused, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_headers_join_an_upstream_response_and_its_vary()
    {
        await using var upstream = await TestServer.StartAsync(context =>
        {
            context.Response.Headers.Vary = "Accept-Encoding";
            return context.Response.WriteAsync("data");
        });
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(WithCors, services: [service]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/items", UriKind.Relative));
        request.Headers.Host = "api.shop.localhost";
        request.Headers.Add("Origin", "https://app.example.com");
        var response = await edge.Client.SendAsync(request);
        Assert.Equal("data", await response.Content.ReadAsStringAsync());
        Assert.Equal("https://app.example.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["Accept-Encoding", "Origin"], response.Headers.Vary.ToArray());
    }

    [Fact]
    public async Task Without_cors_settings_a_preflight_reaches_the_app()
    {
        await using var edge = await EdgeHarness.StartAsync();
        using var request = Preflight("https://app.example.com");
        var response = await edge.Client.SendAsync(request);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.NotEqual(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_body_above_the_limit_is_refused_with_413()
    {
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { MaxRequestBodySize = 1000 });
        var refused = await edge.Client.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(new byte[1001]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.True(refused.Headers.ConnectionClose);
        var accepted = await edge.Client.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(new byte[1000]));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, accepted.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_above_the_limit_does_not_reach_the_service()
    {
        var received = 0L;
        await using var upstream = await TestServer.StartAsync(async context =>
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref received, read);
            }
        });
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { MaxRequestBodySize = 1000 }, services: [service]);
        var chunk = new string('x', 3000);
        var answer = await RawHttp.SendAsync(edge.Edge.Port,
            $"POST / HTTP/1.1\r\nHost: api.shop.localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunk.Length:x}\r\n{chunk}{RawHttp.LastChunk}");
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.True(Interlocked.Read(ref received) <= 1000);
    }

    [Fact]
    public async Task Headers_above_the_limit_are_refused_with_431()
    {
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { MaxRequestHeadersSize = 1024 });
        using var big = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        big.Headers.Add("X-Big", new string('a', 2000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await edge.Client.SendAsync(big)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }
}
