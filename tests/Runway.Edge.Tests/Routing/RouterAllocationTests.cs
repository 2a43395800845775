using Runway.Edge.Routing;
using Runway.Edge.Routing.Runtime;

namespace Runway.Edge.Tests.Routing;

public sealed class RouterAllocationTests
{
    [Fact]
    public void Routing_a_file_through_many_rules_allocates_little()
    {
        var redirects = Enumerable.Range(0, 200).Select(i => Rules.Redirect($"/old-{i}/:slug", $"/new-{i}/:slug")).ToArray();
        var routing = Rules.Routing(cleanUrls: true, trailingSlash: false, redirects: redirects,
            headers: [Rules.Header("/(.*)", [new("X-Frame-Options", "DENY")])], rewrites: [Rules.Rewrite("/(.*)", "/index.html")]);
        var router = SiteRouting.Compile(routing).Router;
        var request = RouterHarness.Request("/assets/app.js");
        Func<string, bool> fileExists = path => path == "/assets/app.js";
        router.Route(request, fileExists);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var decision = router.Route(request, fileExists);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RouteDecisionKind.ServeFile, decision.Kind);
        Assert.True(allocated < 2048, $"routing allocated {allocated} bytes");
    }

    [Fact]
    public void A_catch_all_rewrite_to_a_service_builds_its_destination_without_a_regex_match()
    {
        var routing = Rules.Routing(rewrites: [Rules.Rewrite("/api/(.*)", "https://api.shop.example/api/$1")]);
        var router = SiteRouting.Compile(routing).Router;
        var request = RouterHarness.Request("/api/orders/17");
        Func<string, bool> fileExists = _ => false;
        router.Route(request, fileExists);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var decision = router.Route(request, fileExists);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RouteDecisionKind.Proxy, decision.Kind);
        Assert.Equal("https://api.shop.example/api/orders/17", decision.Target);
        // The routing state, the decision and the destination string (about 300 bytes); a regex match with its groups adds ~380.
        Assert.True(allocated < 400, $"routing allocated {allocated} bytes");
    }
}
