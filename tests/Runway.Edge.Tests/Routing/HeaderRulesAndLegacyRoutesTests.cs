using Runway.Edge.Routing;
using Runway.Edge.Routing.Runtime;
using static Runway.Edge.Tests.Routing.RouterHarness;

namespace Runway.Edge.Tests.Routing;

public sealed class HeaderRulesAndLegacyRoutesTests
{
    private readonly TestSite _site = new("/index.html", "/about.html", "/assets/app.js", "/api.html", "/404-page.html", "/docs/page.html");

    [Fact]
    public void Header_rules_accumulate_and_later_ones_override_the_same_name()
    {
        var routing = Rules.Routing(headers:
        [
            Rules.Header("/(.*)", [new("X-Frame-Options", "DENY"), new("Cache-Control", "no-cache")]),
            Rules.Header("/assets/(.*)", [new("cache-control", "public, max-age=31536000, immutable")]),
        ]);

        var decision = Route(routing, _site, "/assets/app.js");

        AssertServes(decision, RouteDecisionKind.ServeFile, "/assets/app.js");
        Assert.Equal("DENY", Header(decision, "X-Frame-Options"));
        Assert.Equal("public, max-age=31536000, immutable", Header(decision, "Cache-Control"));
        Assert.Equal(2, decision.Headers.Count);
    }

    [Fact]
    public void Header_rules_apply_to_rewrites_and_not_found()
    {
        var routing = Rules.Routing(
            headers: [Rules.Header("/(.*)", [new("X-Site", "1")])],
            rewrites: [Rules.Rewrite("/app/(.*)", "/index.html")]);

        Assert.Equal("1", Header(Route(routing, _site, "/app/x"), "X-Site"));
        Assert.Equal("1", Header(Route(routing, _site, "/nowhere"), "X-Site"));
    }

    [Fact]
    public void Header_values_get_the_parameters()
    {
        var routing = Rules.Of(Rules.Header("/docs/:page", [new("X-Page", ":page"), new("Link", "</docs/:page.css>; rel=preload")]));

        var decision = Route(routing, _site, "/docs/page.html");

        Assert.Equal("page.html", Header(decision, "X-Page"));
        Assert.Equal("</docs/page.html.css>; rel=preload", Header(decision, "Link"));
    }

    [Fact]
    public void Header_rules_do_not_apply_to_redirects_that_come_before_them()
    {
        var routing = Rules.Routing(redirects: [Rules.Redirect("/old", "/new")], headers: [Rules.Header("/(.*)", [new("X-Site", "1")])]);

        var decision = Route(routing, _site, "/old");

        AssertRedirect(decision, 308, "/new");
        Assert.Empty(decision.Headers);
    }

    [Fact]
    public void Legacy_route_with_dest_and_group_reference()
    {
        var routing = Rules.Routing(routes: [Rules.Route("/page/(.*)", dest: "/$1.html")]);

        AssertServes(Route(routing, _site, "/page/about"), RouteDecisionKind.Rewrite, "/about.html");
    }

    [Fact]
    public void Legacy_route_named_group_is_usable_by_name()
    {
        var routing = Rules.Routing(routes: [Rules.Route("/p/(?<name>[a-z]+)", dest: "/$name.html")]);

        AssertServes(Route(routing, _site, "/p/about"), RouteDecisionKind.Rewrite, "/about.html");
    }

    [Fact]
    public void Legacy_continue_routes_add_headers_and_routing_goes_on()
    {
        var routing = Rules.Routing(routes:
        [
            Rules.Route("/(.*)", headers: [new("X-Powered-By", "runway")], isContinue: true),
            Rules.Route("/about", dest: "/about.html"),
        ]);

        var decision = Route(routing, _site, "/about");

        AssertServes(decision, RouteDecisionKind.Rewrite, "/about.html");
        Assert.Equal("runway", Header(decision, "X-Powered-By"));
    }

    [Fact]
    public void Legacy_route_with_status_and_location_is_a_redirect()
    {
        var routing = Rules.Routing(routes: [Rules.Route("/old", status: 301, headers: [new("Location", "/about")])]);

        AssertRedirect(Route(routing, _site, "/old?x=1"), 301, "/about?x=1");
    }

    [Fact]
    public void Legacy_route_with_a_status_only_answers_with_that_status()
    {
        var routing = Rules.Routing(routes: [Rules.Route("/secret", status: 403)]);

        var decision = Route(routing, _site, "/secret");

        Assert.Equal(RouteDecisionKind.NotFound, decision.Kind);
        Assert.Equal(403, decision.StatusCode);
    }

    [Fact]
    public void Legacy_route_methods_limit_what_matches()
    {
        var routing = Rules.Routing(routes: [Rules.Route("/form", dest: "/api.html", methods: ["POST"])]);

        AssertServes(Route(routing, _site, "/form", method: "POST"), RouteDecisionKind.Rewrite, "/api.html");
        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/form", method: "GET").Kind);
    }

    [Fact]
    public void Legacy_routes_without_handle_filesystem_win_over_files()
    {
        // All legacy routes come before the filesystem unless the config places handle: filesystem.
        var routing = Rules.Routing(routes: [Rules.Route("/(.*)", dest: "/index.html")]);

        AssertServes(Route(routing, _site, "/assets/app.js"), RouteDecisionKind.Rewrite, "/index.html");
    }

    [Fact]
    public void Legacy_routes_after_handle_filesystem_run_only_on_a_miss()
    {
        var routing = Rules.Routing(routes: [Rules.Handle("filesystem"), Rules.Route("/(.*)", dest: "/index.html")]);

        AssertServes(Route(routing, _site, "/assets/app.js"), RouteDecisionKind.ServeFile, "/assets/app.js");
        AssertServes(Route(routing, _site, "/dashboard"), RouteDecisionKind.Rewrite, "/index.html");
    }

    [Fact]
    public void Legacy_error_phase_serves_a_custom_page_with_its_status()
    {
        var routing = Rules.Routing(routes: [Rules.Handle("error"), Rules.Route("/(.*)", dest: "/404-page.html", status: 404)]);

        AssertServes(Route(routing, _site, "/nope"), RouteDecisionKind.Rewrite, "/404-page.html", 404);
        AssertServes(Route(routing, _site, "/about.html"), RouteDecisionKind.ServeFile, "/about.html");
    }

    [Fact]
    public void Legacy_hit_phase_adds_headers_to_served_files_without_overriding()
    {
        var routing = Rules.Routing(routes:
        [
            Rules.Route("/(.*)", headers: [new("Cache-Control", "no-store")], isContinue: true),
            Rules.Handle("filesystem"),
            Rules.Handle("hit"),
            Rules.Route("/assets/(.*)", headers: [new("Cache-Control", "immutable"), new("X-Hit", "1")], isContinue: true),
        ]);

        var decision = Route(routing, _site, "/assets/app.js");

        Assert.Equal("no-store", Header(decision, "Cache-Control"));
        Assert.Equal("1", Header(decision, "X-Hit"));
    }

    [Fact]
    public void Legacy_miss_phase_runs_when_a_checked_destination_is_missing()
    {
        var routing = Rules.Routing(routes:
        [
            Rules.Handle("filesystem"),
            Rules.Route("/blog/(.*)", dest: "/posts/$1.html", check: true),
            Rules.Handle("miss"),
            Rules.Route("/posts/(.*)", dest: "/about.html", check: true),
        ]);

        AssertServes(Route(routing, _site, "/blog/x"), RouteDecisionKind.Rewrite, "/about.html");
    }

    [Fact]
    public void Unsupported_handle_phases_are_reported_and_skipped()
    {
        var compiled = SiteRouting.Compile(Rules.Routing(routes: [Rules.Handle("resource"), Rules.Route("/(.*)", dest: "/about.html")]));

        var warning = Assert.Single(compiled.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("handle \"resource\" is not supported", warning.Message, StringComparison.Ordinal);
        Assert.Equal(RouteDecisionKind.NotFound, compiled.Router.Route(Request("/x"), _site.FileExists).Kind);
    }

    [Fact]
    public void Legacy_src_that_is_not_a_javascript_regex_is_an_error_at_the_route()
    {
        var compiled = SiteRouting.Compile(Rules.Routing(routes: [Rules.Route("/(?i)about", dest: "/about.html", line: 6)]));

        var error = Assert.Single(compiled.Diagnostics);
        Assert.True(error.IsError);
        Assert.Equal(Rules.At(6), error.Location);
        Assert.True(compiled.HasErrors);
    }
}
