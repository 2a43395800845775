using Runway.Edge.Routing;

namespace Runway.Edge.Tests.Routing;

public sealed class JsRegexTests
{
    private static System.Text.RegularExpressions.Regex Compile(string pattern)
    {
        var regex = JsRegex.TryCreate(pattern, out var error);
        Assert.Null(error);
        return regex!.Regex;
    }

    [Fact]
    public void Digit_and_word_classes_are_ascii_as_in_javascript()
    {
        Assert.DoesNotMatch(Compile(@"^\d+$"), "١٢٣");
        Assert.Matches(Compile(@"^\d+$"), "123");
        Assert.DoesNotMatch(Compile(@"^\w+$"), "é");
        Assert.Matches(Compile(@"^[\w-]+$"), "a-b_c");
    }

    [Fact]
    public void Dollar_is_the_end_of_input_not_before_a_final_newline()
    {
        Assert.DoesNotMatch(Compile("^/a$"), "/a\n");
        Assert.Matches(Compile("^/a$"), "/a");
    }

    [Fact]
    public void Dot_stops_at_line_terminators()
    {
        Assert.DoesNotMatch(Compile("^a.b$"), "a\rb");
        Assert.Matches(Compile("^a.b$"), "a-b");
    }

    [Fact]
    public void Named_groups_are_numbered_with_the_unnamed_ones_left_to_right()
    {
        var regex = JsRegex.TryCreate("^/(?<lang>[a-z]+)/(.*)$", out _)!;

        var match = regex.Regex.Match("/en/docs");

        Assert.Equal("en", match.Groups[1].Value);
        Assert.Equal("docs", match.Groups[2].Value);
        Assert.Equal("lang", regex.GroupNames[1]);
        Assert.Null(regex.GroupNames[2]);
    }

    [Fact]
    public void Named_backreferences_work()
    {
        Assert.Matches(Compile(@"^(?<q>['""]).*\k<q>$"), "'x'");
        Assert.DoesNotMatch(Compile(@"^(?<q>['""]).*\k<q>$"), "'x\"");
    }

    [Fact]
    public void Escaped_letters_javascript_does_not_know_are_literals()
    {
        Assert.Matches(Compile(@"^\A\z$"), "Az");
    }

    [Fact]
    public void Empty_and_negated_empty_classes_mean_what_they_mean_in_javascript()
    {
        Assert.DoesNotMatch(Compile("^a[]$"), "a");
        Assert.Matches(Compile("^a[^]$"), "a\n");
    }

    [Theory]
    [InlineData("(?i)abc")]
    [InlineData("(abc")]
    [InlineData("[abc")]
    [InlineData("*a")]
    [InlineData(@"\k<missing>(?<x>a)")]
    [InlineData("(?<a>x)(?<a>y)")]
    public void Patterns_javascript_rejects_are_rejected(string pattern)
    {
        Assert.Null(JsRegex.TryCreate(pattern, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("a/b", @"a\/b")]
    [InlineData("[/]", "[/]")]
    [InlineData(@"\/", @"\/")]
    [InlineData("a\nb", @"a\nb")]
    public void Source_is_printed_the_way_v8_prints_it(string pattern, string source)
    {
        Assert.Equal(source, JsRegex.EscapeSource(pattern));
    }
}
