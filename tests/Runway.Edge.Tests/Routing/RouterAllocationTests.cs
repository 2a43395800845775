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
}
