using Runway.Edge.Routing;
using Runway.Model;

namespace Runway.Edge.Tests.Routing;

public sealed class RouteTableBuilderTests
{
    public static TheoryData<string> CaseNames => new(VercelRouteCases.All.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Builds_the_route_vercel_builds(string name)
    {
        var (rule, expected) = VercelRouteCases.All[name];

        var build = RouteTableBuilder.Build(VercelRouteCases.Routing(rule));

        if (expected.StartsWith("ERROR: ", StringComparison.Ordinal))
        {
            Assert.True(Assert.Single(build.Diagnostics).IsError, expected);
            Assert.DoesNotContain(build.Routes, r => r.Handle is null);
            return;
        }

        Assert.Empty(build.Diagnostics);
        Assert.Equal(expected, Assert.Single(build.Routes, r => r.Handle is null).ToCanonicalJson());
    }

    // Expected table generated with @vercel/routing-utils 6.6.0 getTransformedRoutes on the same config.
    [Fact]
    public void Orders_clean_urls_trailing_slash_routes_redirects_headers_filesystem_rewrites()
    {
        var routing = Rules.Routing(
            cleanUrls: true,
            trailingSlash: false,
            routes: [Rules.Route("/legacy/(.*)", dest: "/new/$1", isContinue: true)],
            redirects: [Rules.Redirect("/old", "/new", 307)],
            headers: [Rules.Header("/(.*)", [new("X-Frame-Options", "DENY")])],
            rewrites: [Rules.Rewrite("/(.*)", "/index.html")]);

        var build = RouteTableBuilder.Build(routing);

        Assert.Empty(build.Diagnostics);
        Assert.Equal(
            [
                """{"headers":{"Location":"/$1"},"src":"^/(?:(.+)/)?index(?:\\.html)?/?$","status":308}""",
                """{"headers":{"Location":"/$1"},"src":"^/(.*)\\.html/?$","status":308}""",
                """{"headers":{"Location":"/$1"},"src":"^/(.*)/$","status":308}""",
                """{"continue":true,"dest":"/new/$1","src":"^/legacy/(.*)$"}""",
                """{"headers":{"Location":"/new"},"src":"^/old$","status":307}""",
                """{"continue":true,"headers":{"X-Frame-Options":"DENY"},"src":"^(?:/(.*))$"}""",
                """{"handle":"filesystem"}""",
                """{"check":true,"dest":"/index.html","src":"^(?:/(.*))$"}""",
            ],
            build.Routes.Select(r => r.ToCanonicalJson()));
    }

    [Fact]
    public void Clean_urls_with_trailing_slash_redirect_to_a_slash_and_keep_well_known()
    {
        var build = RouteTableBuilder.Build(Rules.Routing(cleanUrls: true, trailingSlash: true));

        Assert.Equal(
            [
                """{"headers":{"Location":"/$1/"},"src":"^/(?:(.+)/)?index(?:\\.html)?/?$","status":308}""",
                """{"headers":{"Location":"/$1/"},"src":"^/(.*)\\.html/?$","status":308}""",
                """{"src":"^/\\.well-known(?:/.*)?$"}""",
                """{"headers":{"Location":"/$1/"},"src":"^/((?:[^/]+/)*[^/\\.]+)$","status":308}""",
                """{"headers":{"Location":"/$1"},"src":"^/((?:[^/]+/)*[^/]+\\.\\w+)/$","status":308}""",
            ],
            build.Routes.Select(r => r.ToCanonicalJson()));
    }

    [Fact]
    public void Clean_urls_false_and_trailing_slash_unset_add_nothing()
    {
        Assert.Empty(RouteTableBuilder.Build(Rules.Routing(cleanUrls: false, trailingSlash: null)).Routes);
    }

    [Fact]
    public void Trailing_slash_false_removes_the_slash()
    {
        var route = Assert.Single(RouteTableBuilder.Build(Rules.Routing(trailingSlash: false)).Routes);

        Assert.Equal("""{"headers":{"Location":"/$1"},"src":"^/(.*)/$","status":308}""", route.ToCanonicalJson());
    }

    [Fact]
    public void Legacy_routes_keep_their_fields_and_handle_markers()
    {
        var routing = Rules.Routing(routes:
        [
            Rules.Handle("filesystem"),
            Rules.Route("/api/(.*)", dest: "/api.html", status: 200, headers: [new("Cache-Control", "no-store")], methods: ["GET", "POST"]),
        ]);

        var routes = RouteTableBuilder.Build(routing).Routes;

        Assert.Equal(
            [
                """{"handle":"filesystem"}""",
                """{"dest":"/api.html","headers":{"Cache-Control":"no-store"},"methods":["GET","POST"],"src":"^/api/(.*)$","status":200}""",
            ],
            routes.Select(r => r.ToCanonicalJson()));
    }

    [Fact]
    public void Header_condition_keys_are_lower_cased()
    {
        var rule = Rules.Rewrite("/a", "/b.html", has: [Rules.Has("header", "X-Mode", "beta")], missing: [Rules.Has("header", "X-Off")]);

        var route = RouteTableBuilder.Build(Rules.Of(rule)).Routes[1];

        Assert.Equal("x-mode", route.Has[0].Key);
        Assert.Equal("x-off", route.Missing[0].Key);
    }

    [Fact]
    public void A_source_that_is_not_a_regex_is_an_error_at_the_rule()
    {
        var build = RouteTableBuilder.Build(Rules.Of(Rules.Redirect("/(.*", "/", line: 7)));

        var diagnostic = Assert.Single(build.Diagnostics);
        Assert.True(diagnostic.IsError);
        Assert.Equal(Rules.At(7), diagnostic.Location);
        Assert.Contains("redirects[0].source \"/(.*\" is not a valid regular expression", diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(build.Routes);
    }

    [Fact]
    public void A_source_that_is_not_a_path_pattern_is_an_error_at_the_rule()
    {
        var build = RouteTableBuilder.Build(Rules.Of(Rules.Rewrite("/a/((b))", "/c", line: 9)));

        var diagnostic = Assert.Single(build.Diagnostics);
        Assert.Equal(Rules.At(9), diagnostic.Location);
        Assert.Contains("rewrites[0].source \"/a/((b))\" is not a valid path pattern (Capturing groups are not allowed at 4)", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Routes, r => r.Handle is null);
    }

    [Fact]
    public void A_destination_parameter_missing_from_the_source_is_an_error()
    {
        var build = RouteTableBuilder.Build(Rules.Of(Rules.Redirect("/:a", "/:b", line: 4)));

        var diagnostic = Assert.Single(build.Diagnostics);
        Assert.Equal(Rules.At(4), diagnostic.Location);
        Assert.Contains("redirects[0].destination uses \":b\"", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_parameter_from_has_is_allowed()
    {
        var rule = Rules.Redirect("/", "/:lang", has: [Rules.Has("cookie", "lang")]);

        var build = RouteTableBuilder.Build(Rules.Of(rule));

        Assert.Empty(build.Diagnostics);
        Assert.Equal("/$lang", build.Routes[0].Headers[0].Value);
    }

    [Fact]
    public void A_bad_regex_in_has_or_missing_is_an_error_at_the_rule()
    {
        var rule = Rules.Header("/(.*)", [new("X", "1")], has: [Rules.Has("query", "q", "(unclosed")], missing: [Rules.Has("cookie", "c", "[z-a]")], line: 12);

        var build = RouteTableBuilder.Build(Rules.Of(rule));

        Assert.Equal(2, build.Diagnostics.Count);
        Assert.All(build.Diagnostics, d => Assert.Equal(Rules.At(12), d.Location));
        Assert.Contains("headers[0].has[0].value \"(unclosed\"", build.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("headers[0].missing[0].value \"[z-a]\"", build.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Empty(build.Routes);
    }

    [Fact]
    public void Invalid_rules_are_left_out_and_the_others_kept()
    {
        var routing = Rules.Routing(redirects: [Rules.Redirect("/ok", "/fine"), Rules.Redirect("/bad/:", "/x", line: 3), Rules.Redirect("/ok2", "/fine2")]);

        var build = RouteTableBuilder.Build(routing);

        Assert.Single(build.Diagnostics);
        Assert.Equal(["^/ok$", "^/ok2$"], build.Routes.Select(r => r.Src));
    }
}
