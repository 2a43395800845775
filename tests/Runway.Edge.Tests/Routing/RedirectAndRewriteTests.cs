using Runway.Edge.Routing.Runtime;
using static Runway.Edge.Tests.Routing.RouterHarness;

namespace Runway.Edge.Tests.Routing;

public sealed class RedirectAndRewriteTests
{
    private readonly TestSite _site = new("/index.html", "/projects.html", "/posts/hello.html", "/app.js", "/410.html", "/blog/index.html");

    [Theory]
    [InlineData(308)]
    [InlineData(307)]
    [InlineData(301)]
    [InlineData(302)]
    public void Redirects_use_the_rules_status(int status)
    {
        AssertRedirect(Route(Rules.Of(Rules.Redirect("/old", "/new", status)), _site, "/old"), status, "/new");
    }

    [Fact]
    public void Redirect_location_gets_the_parameters()
    {
        var routing = Rules.Of(Rules.Redirect("/old/:segment/path", "/new/path/:segment"));

        AssertRedirect(Route(routing, _site, "/old/hello/path"), 308, "/new/path/hello");
    }

    [Fact]
    public void Redirect_catch_all_keeps_every_segment()
    {
        var routing = Rules.Of(Rules.Redirect("/docs/:path*", "/guides/:path*"));

        AssertRedirect(Route(routing, _site, "/docs/a/b/c"), 308, "/guides/a/b/c");
        // The table holds "/guides/$1"; with nothing captured the slash stays, as in Vercel.
        AssertRedirect(Route(routing, _site, "/docs"), 308, "/guides/");
    }

    [Fact]
    public void Redirect_to_an_absolute_url_with_a_positional_group()
    {
        var routing = Rules.Of(Rules.Redirect("/gh/(.*)", "https://github.com/$1", 307));

        AssertRedirect(Route(routing, _site, "/gh/vercel/vercel"), 307, "https://github.com/vercel/vercel");
    }

    [Fact]
    public void Redirect_passes_the_query_on_after_the_destinations_own()
    {
        // Vercel's documented example: /?baz=10 → /lol/?path=foo&baz=10.
        var routing = Rules.Of(Rules.Redirect("/", "/lol/?path=foo"));

        AssertRedirect(Route(routing, _site, "/?baz=10"), 308, "/lol/?path=foo&baz=10");
    }

    [Fact]
    public void Redirect_destination_query_wins_over_the_requests()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/lol?path=foo"));

        AssertRedirect(Route(routing, _site, "/?path=bar&x=1"), 308, "/lol?path=foo&x=1");
    }

    [Fact]
    public void Redirects_never_append_unused_parameters()
    {
        var routing = Rules.Of(Rules.Redirect("/projects/:id/:action", "/projects.html"));

        AssertRedirect(Route(routing, _site, "/projects/42/edit"), 308, "/projects.html");
    }

    [Fact]
    public void Rewrite_with_parameters_serves_the_rewritten_file()
    {
        var routing = Rules.Of(Rules.Rewrite("/blog/:slug", "/posts/:slug.html"));

        var decision = Route(routing, _site, "/blog/hello");

        AssertServes(decision, RouteDecisionKind.Rewrite, "/posts/hello.html");
    }

    [Fact]
    public void Rewrite_appends_unused_parameters_to_the_query()
    {
        var routing = Rules.Of(Rules.Rewrite("/projects/:id/edit", "/projects.html"));

        var decision = Route(routing, _site, "/projects/42/edit?tab=x");

        AssertServes(decision, RouteDecisionKind.Rewrite, "/projects.html");
        Assert.Equal("id=42&tab=x", decision.Query);
    }

    [Fact]
    public void Rewrite_parameter_used_only_in_the_query_still_appends_all()
    {
        var routing = Rules.Of(Rules.Rewrite("/users/:id", "/projects.html?identifier=:id&version=v2"));

        var decision = Route(routing, _site, "/users/7");

        Assert.Equal("identifier=7&version=v2&id=7", decision.Query);
    }

    [Fact]
    public void Rewrite_to_an_absolute_url_is_proxied_with_the_query()
    {
        var routing = Rules.Of(Rules.Rewrite("/api/:path*", "https://api.example.com/:path*"));

        var decision = Route(routing, _site, "/api/users/1?fields=name");

        Assert.Equal(RouteDecisionKind.Proxy, decision.Kind);
        Assert.Equal("https://api.example.com/users/1?fields=name", decision.Target);
    }

    [Fact]
    public void Proxy_target_keeps_the_destination_query_first_and_drops_the_fragment()
    {
        var routing = Rules.Of(Rules.Rewrite("/search", "https://search.example.com/q?source=site#results"));

        var decision = Route(routing, _site, "/search?term=a%20b&source=evil");

        Assert.Equal(RouteDecisionKind.Proxy, decision.Kind);
        Assert.Equal("https://search.example.com/q?source=site&term=a%20b", decision.Target);
    }

    [Fact]
    public void Rewrite_with_status_code_serves_the_file_with_that_status()
    {
        var routing = Rules.Of(Rules.Rewrite("/gone", "/410.html", 410));

        AssertServes(Route(routing, _site, "/gone"), RouteDecisionKind.Rewrite, "/410.html", 410);
    }

    [Fact]
    public void Rewrite_to_a_missing_file_is_not_found()
    {
        var routing = Rules.Of(Rules.Rewrite("/x", "/nope.html"));

        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/x").Kind);
    }

    [Fact]
    public void Rewrite_to_a_missing_file_lets_later_rewrites_try()
    {
        var routing = Rules.Routing(rewrites: [Rules.Rewrite("/x", "/nope.html"), Rules.Rewrite("/nope.html", "/projects.html")]);

        AssertServes(Route(routing, _site, "/x"), RouteDecisionKind.Rewrite, "/projects.html");
    }

    [Fact]
    public void Existing_files_win_over_rewrites_spa_fallback()
    {
        var routing = Rules.Of(Rules.Rewrite("/(.*)", "/index.html"));

        AssertServes(Route(routing, _site, "/app.js"), RouteDecisionKind.ServeFile, "/app.js");
        AssertServes(Route(routing, _site, "/blog/"), RouteDecisionKind.ServeFile, "/blog/index.html");
        AssertServes(Route(routing, _site, "/dashboard/settings"), RouteDecisionKind.Rewrite, "/index.html");
    }

    [Fact]
    public void Redirects_win_over_existing_files()
    {
        var routing = Rules.Of(Rules.Redirect("/app.js", "/app.v2.js"));

        AssertRedirect(Route(routing, _site, "/app.js"), 308, "/app.v2.js");
    }

    [Fact]
    public void Nothing_matching_is_a_404()
    {
        var decision = Route(Rules.Routing(), _site, "/missing");

        Assert.Equal(RouteDecisionKind.NotFound, decision.Kind);
        Assert.Equal(404, decision.StatusCode);
    }

    [Fact]
    public void Sources_are_case_sensitive()
    {
        var routing = Rules.Of(Rules.Redirect("/About", "/team"));

        AssertRedirect(Route(routing, _site, "/About"), 308, "/team");
        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/about").Kind);
    }

    [Fact]
    public void Percent_encoded_paths_are_decoded_for_the_filesystem()
    {
        var site = new TestSite("/my file.html");

        AssertServes(Route(Rules.Routing(), site, "/my%20file.html"), RouteDecisionKind.ServeFile, "/my file.html");
    }

    [Fact]
    public void Encoded_traversal_never_reaches_the_filesystem()
    {
        var site = new TestSite("/index.html");

        Assert.Equal(RouteDecisionKind.NotFound, Route(Rules.Routing(), site, "/..%2f..%2fetc/passwd").Kind);
        Assert.DoesNotContain(site.Asked, p => p.Contains("..", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_keeps_its_encoding_in_the_location()
    {
        var routing = Rules.Of(Rules.Redirect("/tag/:name", "/tags/:name"));

        AssertRedirect(Route(routing, _site, "/tag/a%20b"), 308, "/tags/a%20b");
    }
}
