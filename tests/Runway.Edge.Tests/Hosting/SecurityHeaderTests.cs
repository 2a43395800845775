using Microsoft.AspNetCore.Http;
using Runway.Edge.Hosting;
using Runway.Edge.Tests.Routing;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

public class SecurityHeaderTests
{
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task The_default_preset_sets_nosniff_frame_options_and_referrer_policy_but_no_hsts_over_http()
    {
        await using var edge = await EdgeHarness.StartAsync();
        var response = await edge.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Null(Header(response, "Strict-Transport-Security"));
        Assert.Null(Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_strict_preset_adds_a_content_security_policy_and_denies_framing()
    {
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { SecurityHeaders = SecurityHeaderPreset.Strict });
        var response = await edge.Client.GetAsync(new Uri("/missing", UriKind.Relative));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.StartsWith("default-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_off_preset_adds_nothing()
    {
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { SecurityHeaders = SecurityHeaderPreset.Off });
        var response = await edge.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Null(Header(response, "X-Content-Type-Options"));
        Assert.Null(Header(response, "X-Frame-Options"));
        Assert.Null(Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task A_vercel_json_header_rule_overrides_the_preset()
    {
        var routing = Rules.Of(Rules.Header("/(.*)", [new("X-Frame-Options", "ALLOW-FROM https://partner.example"), new("Content-Security-Policy", "default-src *")]));
        await using var edge = await EdgeHarness.StartAsync(new EdgeSettings { SecurityHeaders = SecurityHeaderPreset.Strict }, routing: routing);
        var response = await edge.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("ALLOW-FROM https://partner.example", Header(response, "X-Frame-Options"));
        Assert.Equal("default-src *", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_header_the_upstream_sets_is_kept()
    {
        await using var upstream = await TestServer.StartAsync(context =>
        {
            context.Response.Headers.XFrameOptions = "ALLOWALL";
            return context.Response.WriteAsync("ok");
        });
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(services: [service]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Host = "api.shop.localhost";
        var response = await edge.Client.SendAsync(request);
        Assert.Equal("ALLOWALL", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }
}
