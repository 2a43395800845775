using Runway.Edge.Routing;
using Runway.Edge.Routing.PathToRegexp;
using Runway.Edge.Routing.Runtime;

namespace Runway.Edge.Tests.Routing;

public sealed class PrefixSourceTests
{
    private static readonly string[] Paths =
    [
        "", "/", "/api", "/api/", "/api/data", "/api/a/b/c.json", "/API/data", "/apix/data", "//api/data", "/api//x",
        "/api/a\nb", "/api/a\rb", "/api/a\u2028b", "/api/a\u2029", "/api/\n", "/api/ü/%20/~-_", "/api/a?b#c", "/docs/v1.2/x",
        "/docs/v1x2/x", "/docs/v1.2", "/x", "/x\n", "/\u2028",
    ];

    [Theory]
    [InlineData("/api/(.*)", "/api/")]
    [InlineData("/(.*)", "/")]
    [InlineData("/docs/v1.2/(.*)", "/docs/v1.2/")]
    [InlineData("/a-b_c~d/(.*)", "/a-b_c~d/")]
    public void A_catch_all_rewrite_source_matches_every_path_exactly_as_its_regex(string source, string prefix)
    {
        var regex = JsRegex.TryCreate(PathPattern.TryCompile(source, out _)!.RegexSource, out _)!;
        AssertSameAsRegex(regex, prefix);
    }

    [Theory]
    [InlineData("^/api/(.*)$", "/api/")]
    [InlineData(@"^\/docs\/v1\.2\/(.*)$", "/docs/v1.2/")]
    [InlineData("^/api(.*)$", "/api")]
    [InlineData("^/api(?:/(.*))$", "/api/")]
    [InlineData("^(?:/(.*))$", "/")]
    public void A_legacy_route_with_a_literal_prefix_matches_every_path_exactly_as_its_regex(string source, string prefix)
    {
        AssertSameAsRegex(JsRegex.TryCreate(source, out _)!, prefix);
    }

    [Theory]
    [InlineData("^/api/(.*)/edit$")]
    [InlineData(@"^\/api(?:\/(.*))?$")]
    [InlineData("^/(a|b)/(.*)$")]
    [InlineData("^(.*)$")]
    [InlineData("^/api/(?<rest>.*)$")]
    [InlineData("^/a.b/(.*)$")]
    [InlineData("^/a+/(.*)$")]
    [InlineData(@"^/a\d/(.*)$")]
    [InlineData("/api/(.*)$")]
    [InlineData("^/api/(.*)")]
    public void Any_other_shape_keeps_its_regex(string source)
    {
        Assert.Null(PrefixSource.TryCreate(JsRegex.TryCreate(source, out _)!));
    }

    private static void AssertSameAsRegex(JsRegex regex, string prefix)
    {
        var fast = PrefixSource.TryCreate(regex);
        Assert.NotNull(fast);
        Assert.Equal(prefix, fast.Prefix);
        foreach (var path in Paths)
        {
            var expected = regex.Regex.Match(path);
            Assert.True(expected.Success == fast.TryMatch(path, out var match), $"{regex.Source} on {path}");
            if (expected.Success)
            {
                Assert.Equal(expected.Groups.Count, match.GroupCount);
                for (var i = 0; i < expected.Groups.Count; i++)
                {
                    Assert.Equal(expected.Groups[i].Success, match.Succeeded(i));
                    Assert.Equal(expected.Groups[i].Value, match.Span(i).ToString());
                }

            }
        }
    }
}
