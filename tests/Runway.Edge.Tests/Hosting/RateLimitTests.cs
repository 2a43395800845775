using System.Net;
using Runway.Edge.Hosting;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

public class RateLimitTests
{
    private static readonly EdgeSettings Limited = new()
    {
        RateLimits = [new RateLimitRule("/api/", 3, TimeSpan.FromMinutes(15)), new RateLimitRule("/api/auth/", 1, TimeSpan.FromMinutes(15))],
    };

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));

    private static Task<HttpResponseMessage> GetAsync(EdgeHarness edge, string path) => edge.Client.GetAsync(new Uri(path, UriKind.Relative));

    [Fact]
    public async Task Requests_are_counted_per_window_with_ratelimit_headers_then_refused_with_429_and_retry_after()
    {
        var time = new ManualTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(Limited, new EdgeServerOptions { TimeProvider = time });
        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var allowed = await GetAsync(edge, "/api/items");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            Assert.Equal("3", Header(allowed, "RateLimit-Limit"));
            Assert.Equal(remaining.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(allowed, "RateLimit-Remaining"));
            Assert.Equal("900", Header(allowed, "RateLimit-Reset"));
            Assert.Equal("3;w=900", Header(allowed, "RateLimit-Policy"));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        var refused = await GetAsync(edge, "/api/items");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("600", Header(refused, "Retry-After"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal("600", Header(refused, "RateLimit-Reset"));
        Assert.Equal("nosniff", Header(refused, "X-Content-Type-Options"));

        time.Advance(TimeSpan.FromMinutes(10));
        var again = await GetAsync(edge, "/api/items");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("2", Header(again, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task The_most_specific_prefix_wins_and_counts_separately()
    {
        var time = new ManualTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(Limited, new EdgeServerOptions { TimeProvider = time });
        var login = await GetAsync(edge, "/api/auth/login");
        Assert.Equal("1", Header(login, "RateLimit-Limit"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(edge, "/api/auth/login")).StatusCode);

        var items = await GetAsync(edge, "/api/items");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, items.StatusCode);
        Assert.Equal("3", Header(items, "RateLimit-Limit"));
        Assert.Equal("2", Header(items, "RateLimit-Remaining"));

        var page = await GetAsync(edge, "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task Counts_survive_reapplying_the_app_with_the_same_rules()
    {
        var time = new ManualTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(Limited, new EdgeServerOptions { TimeProvider = time });
        await GetAsync(edge, "/api/auth/x");
        edge.Edge.Apply(new EdgeApp("shop", "web", [new EdgeSite("web", edge.SiteDirectory, VercelRouting.None)], []) { Protection = Limited });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(edge, "/api/auth/x")).StatusCode);
    }
}
