using Runway.Edge.Routing.Runtime;
using static Runway.Edge.Tests.Routing.RouterHarness;

namespace Runway.Edge.Tests.Routing;

public sealed class HasMissingTests
{
    private readonly TestSite _site = new("/index.html", "/beta.html", "/sites/docs/index.html", "/en.html", "/fr.html");

    [Fact]
    public void Header_condition_key_is_case_insensitive()
    {
        var routing = Rules.Of(Rules.Rewrite("/welcome", "/beta.html", has: [Rules.Has("header", "X-Beta", "1")]));

        AssertServes(Route(routing, _site, "/welcome", headers: ("x-beta", "1")), RouteDecisionKind.Rewrite, "/beta.html");
        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/welcome").Kind);
    }

    [Fact]
    public void Value_regex_must_match_the_whole_value()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/beta", 307, has: [Rules.Has("header", "x-channel", "beta|canary")]));

        AssertRedirect(Route(routing, _site, "/", headers: ("X-Channel", "canary")), 307, "/beta");
        Assert.Equal(RouteDecisionKind.ServeFile, Route(routing, _site, "/", headers: ("X-Channel", "betamax")).Kind);
        Assert.Equal(RouteDecisionKind.ServeFile, Route(routing, _site, "/", headers: ("X-Channel", "pre-canary")).Kind);
    }

    [Fact]
    public void Cookie_condition_with_a_named_group_feeds_the_destination()
    {
        var routing = Rules.Of(Rules.Rewrite("/welcome", "/:lang.html", has: [Rules.Has("cookie", "lang", "(?<lang>en|fr)")]));

        AssertServes(Route(routing, _site, "/welcome", headers: ("Cookie", "theme=dark; lang=fr")), RouteDecisionKind.Rewrite, "/fr.html");
    }

    [Fact]
    public void Host_condition_with_a_named_group_feeds_the_destination()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/sites/:site/", 307, has: [Rules.Has("host", null, @"(?<site>[a-z]+)\.example\.com")]));

        AssertRedirect(Route(routing, _site, "/", host: "docs.example.com:8443"), 307, "/sites/docs/");
        AssertServes(Route(routing, _site, "/", host: "example.com"), RouteDecisionKind.ServeFile, "/index.html");
    }

    [Fact]
    public void Existing_files_win_over_conditional_rewrites()
    {
        var routing = Rules.Of(Rules.Rewrite("/", "/beta.html", has: [Rules.Has("header", "x-beta", "1")]));

        AssertServes(Route(routing, _site, "/", headers: ("x-beta", "1")), RouteDecisionKind.ServeFile, "/index.html");
    }

    [Fact]
    public void Host_condition_value_is_matched_without_port_and_in_lower_case()
    {
        var routing = Rules.Of(Rules.Redirect("/(.*)", "https://www.example.com/$1", has: [Rules.Has("host", null, "example.com")]));

        AssertRedirect(Route(routing, _site, "/a", host: "EXAMPLE.com:80"), 308, "https://www.example.com/a");
    }

    [Fact]
    public void Query_condition_with_a_regex()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/beta", 307, has: [Rules.Has("query", "preview", "(yes|true)")]));

        AssertRedirect(Route(routing, _site, "/?preview=true"), 307, "/beta?preview=true");
        Assert.Equal(RouteDecisionKind.ServeFile, Route(routing, _site, "/?preview=no").Kind);
    }

    [Fact]
    public void Key_only_condition_makes_the_key_usable_as_a_parameter()
    {
        var routing = Rules.Of(Rules.Redirect("/go", "/to/:ref", 307, has: [Rules.Has("query", "ref")]));

        AssertRedirect(Route(routing, _site, "/go?ref=newsletter"), 307, "/to/newsletter?ref=newsletter");
    }

    [Fact]
    public void Key_only_condition_needs_a_non_empty_value()
    {
        var routing = Rules.Of(Rules.Redirect("/go", "/to", 307, has: [Rules.Has("query", "ref")]));

        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/go?ref=").Kind);
        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/go").Kind);
    }

    [Fact]
    public void Missing_header_applies_the_rule_only_when_absent()
    {
        var routing = Rules.Of(Rules.Redirect("/app", "/login", 307, missing: [Rules.Has("cookie", "session")]));

        AssertRedirect(Route(routing, _site, "/app"), 307, "/login");
        Assert.Equal(RouteDecisionKind.NotFound, Route(routing, _site, "/app", headers: ("Cookie", "session=abc")).Kind);
    }

    [Fact]
    public void Missing_with_a_value_only_blocks_matching_values()
    {
        var routing = Rules.Of(Rules.Header("/(.*)", [new("X-Robots-Tag", "noindex")], missing: [Rules.Has("host", null, "www\\.example\\.com")]));

        Assert.Equal("noindex", Header(Route(routing, _site, "/", host: "preview.example.com"), "X-Robots-Tag"));
        Assert.Null(Header(Route(routing, _site, "/", host: "www.example.com"), "X-Robots-Tag"));
    }

    [Fact]
    public void All_has_items_must_match()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/both", 307, has: [Rules.Has("header", "x-a", "1"), Rules.Has("cookie", "b", "2")]));

        AssertRedirect(Route(routing, _site, "/", headers: [("x-a", "1"), ("cookie", "b=2")]), 307, "/both");
        Assert.Equal(RouteDecisionKind.ServeFile, Route(routing, _site, "/", headers: ("x-a", "1")).Kind);
    }

    [Fact]
    public void Cookie_values_are_uri_decoded_and_unquoted()
    {
        var routing = Rules.Of(Rules.Redirect("/", "/hit", 307, has: [Rules.Has("cookie", "name", "a b")]));

        AssertRedirect(Route(routing, _site, "/", headers: ("Cookie", "name=\"a%20b\"")), 307, "/hit");
    }

    [Fact]
    public void Operator_objects_from_the_reader_match_as_regexes()
    {
        // The config reader turns { "pre": "v2-" } into this regex.
        var routing = Rules.Of(Rules.Redirect("/", "/v2", 307, has: [Rules.Has("header", "x-version", @"^(?=v2\-)[\s\S]*$")]));

        AssertRedirect(Route(routing, _site, "/", headers: ("x-version", "v2-rc1")), 307, "/v2");
        Assert.Equal(RouteDecisionKind.ServeFile, Route(routing, _site, "/", headers: ("x-version", "v3")).Kind);
    }
}
