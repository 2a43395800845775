using Runway.Edge.Routing.PathToRegexp;

namespace Runway.Edge.Tests.Routing;

public sealed class PathPatternTests
{
    // The examples table of PLATFORM-FACTS.md (vercel.json section), as Vercel's sourceToRegex prints them.
    [Theory]
    [InlineData("/old/:segment/path", @"^\/old(?:\/([^\/]+?))\/path$", "segment")]
    [InlineData("/catchall/:hello*", @"^\/catchall(?:\/((?:[^\/]+?)(?:\/(?:[^\/]+?))*))?$", "hello")]
    [InlineData("/catchall/:hello+", @"^\/catchall(?:\/((?:[^\/]+?)(?:\/(?:[^\/]+?))*))$", "hello")]
    [InlineData("/optional/:id?", @"^\/optional(?:\/([^\/]+?))?$", "id")]
    [InlineData("/proxy/(.*)", @"^\/proxy(?:\/(.*))$", "0")]
    [InlineData("/feature-{:slug}", @"^\/feature-([^\/]+?)$", "slug")]
    [InlineData(@"/(.*)-:id(\d+).html", @"^(?:\/(.*))-(\d+)\.html$", "0,id")]
    public void Platform_facts_examples_compile_to_the_documented_regex(string source, string regex, string parameters)
    {
        var pattern = PathPattern.TryCompile(source, out var error);

        Assert.Null(error);
        Assert.Equal(regex, pattern!.RegexSource);
        Assert.Equal(parameters.Split(','), pattern.ParameterNames);
    }

    // Expected regexes generated with path-to-regexp 6.1.0 (strict, sensitive, delimiter "/") under Node 20.
    [Theory]
    [InlineData("/:file.:ext", @"^(?:\/([^\/]+?))(?:\.([^\/]+?))$", "file,ext")]
    [InlineData("/a{-:b}?", @"^\/a(?:-([^\/]+?))?$", "b")]
    [InlineData("/:a{-:b}?", @"^(?:\/([^\/]+?))(?:-([^\/]+?))?$", "a,b")]
    [InlineData("{abc}?", "^(?:abc)?$", "")]
    [InlineData(@"/x{(\d+)}", @"^\/x(\d+)$", "0")]
    [InlineData("/a(b)c", @"^\/a(b)c$", "0")]
    [InlineData(@"/a\:b", @"^\/a\:b$", "")]
    [InlineData(@"/a\", @"^\/a$", "")]
    [InlineData("/path/:rest(.*/x)", @"^\/path(?:\/(.*\/x))$", "rest")]
    [InlineData("/user-:id(\\d+)+", @"^\/user-(\d+)+$", "id")]
    [InlineData("404.html", @"^404\.html$", "")]
    public void Compiles_like_path_to_regexp(string source, string regex, string parameters)
    {
        var pattern = PathPattern.TryCompile(source, out var error);

        Assert.Null(error);
        Assert.Equal(regex, pattern!.RegexSource);
        Assert.Equal(parameters.Length == 0 ? [] : parameters.Split(','), pattern.ParameterNames);
    }

    [Theory]
    [InlineData("/:", "Missing parameter name at 1")]
    [InlineData("/(?:x)", "Pattern cannot start with \"?\" at 2")]
    [InlineData("/((x))", "Capturing groups are not allowed at 2")]
    [InlineData("/(abc", "Unbalanced pattern at 1")]
    [InlineData("/()", "Missing pattern at 1")]
    [InlineData("/{abc", "Unexpected END at 5, expected CLOSE")]
    [InlineData("/:id([)", "Unterminated character class")]
    public void Reports_what_path_to_regexp_reports(string source, string message)
    {
        Assert.Null(PathPattern.TryCompile(source, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_is_case_sensitive()
    {
        var regex = PathPattern.TryCompile("/About", out _)!.Regex.Regex;

        Assert.Matches(regex, "/About");
        Assert.DoesNotMatch(regex, "/about");
    }

    [Fact]
    public void Regex_is_culture_invariant_with_a_timeout_and_never_ignores_case()
    {
        var regex = PathPattern.TryCompile("/:slug", out _)!.Regex.Regex;

        Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.CultureInvariant));
        Assert.False(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void A_star_parameter_captures_every_segment_in_one_group()
    {
        var match = PathPattern.TryCompile("/docs/:path*", out _)!.Regex.Regex.Match("/docs/a/b/c");

        Assert.True(match.Success);
        Assert.Equal("a/b/c", match.Groups[1].Value);
    }
}
