using System.Text.RegularExpressions;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Vercel;

public class VercelConditionTests
{
    private static (VercelRewrite? Rule, List<string> Lines) Rewrite(string has)
    {
        var (config, diagnostics) = VercelConfigReaderTests.Read($"{{\"rewrites\": [{{\"source\": \"/a\", \"destination\": \"/b\", \"has\": {has}}}]}}");
        return (config!.Routing.Rewrites.SingleOrDefault(), diagnostics.Lines());
    }

    [Fact]
    public void Reads_host_header_cookie_and_query_conditions()
    {
        var (rule, lines) = Rewrite("""
            [
              { "type": "host", "value": "(?<sub>.*)\\.example\\.com" },
              { "type": "header", "key": "x-authorized" },
              { "type": "cookie", "key": "session", "value": "yes" },
              { "type": "query", "key": "page", "value": "(?<page>\\d+)" }
            ]
            """);

        Assert.Empty(lines);
        Assert.Equal(
            ValueList.Of(
                new VercelCondition("host", null, "(?<sub>.*)\\.example\\.com"),
                new VercelCondition("header", "x-authorized", null),
                new VercelCondition("cookie", "session", "yes"),
                new VercelCondition("query", "page", "(?<page>\\d+)")),
            rule!.Has);
    }

    [Theory]
    [InlineData("[{\"type\": \"host\"}]", "vercel.json:1:61: error: rewrites[0].has[0] needs a value (the host pattern) when type is host")]
    [InlineData("[{\"type\": \"header\"}]", "vercel.json:1:61: error: rewrites[0].has[0] needs a key (the header name) when type is header")]
    [InlineData("[{\"type\": \"host\", \"key\": \"a\", \"value\": \"b\"}]", "vercel.json:1:85: error: rewrites[0].has[0].key is not allowed when type is host; put the host pattern in value")]
    [InlineData("[{\"type\": \"path\", \"key\": \"a\"}]", "vercel.json:1:70: error: rewrites[0].has[0].type must be one of host, header, cookie, query (got \"path\")")]
    [InlineData("[\"host\"]", "vercel.json:1:61: error: rewrites[0].has[0] must be an object with type, key and value (got \"host\")")]
    public void Invalid_conditions_are_errors(string has, string expected)
    {
        var (rule, lines) = Rewrite(has);

        Assert.Null(rule);
        Assert.Equal([expected], lines);
    }

    [Fact]
    public void More_than_16_conditions_is_an_error()
    {
        var items = string.Join(",", Enumerable.Repeat("{\"type\": \"header\", \"key\": \"a\"}", 17));
        var (rule, lines) = Rewrite("[" + items + "]");

        Assert.Null(rule);
        Assert.Equal(["vercel.json:1:60: error: rewrites[0].has has 17 items; Vercel allows at most 16"], lines);
        Assert.NotNull(Rewrite("[" + string.Join(",", Enumerable.Repeat("{\"type\": \"header\", \"key\": \"a\"}", 16)) + "]").Rule);
    }

    [Theory]
    [InlineData("{\"eq\": \"a.b\"}", new[] { "a.b" }, new[] { "axb", "a.bc", "" })]
    [InlineData("{\"eq\": 42}", new[] { "42" }, new[] { "420" })]
    [InlineData("{\"neq\": \"admin\"}", new[] { "user", "admins", "" }, new[] { "admin" })]
    [InlineData("{\"inc\": [\"en\", \"fr\"]}", new[] { "en", "fr" }, new[] { "de", "enx" })]
    [InlineData("{\"ninc\": [\"en\", \"fr\"]}", new[] { "de" }, new[] { "en", "fr" })]
    [InlineData("{\"pre\": \"Bearer \"}", new[] { "Bearer x" }, new[] { "bearer x", "x Bearer " })]
    [InlineData("{\"suf\": \".example.com\"}", new[] { "a.example.com" }, new[] { "a.example.com.evil" })]
    [InlineData("{\"re\": \"^v[0-9]+\"}", new[] { "v2", "v10-beta" }, new[] { "x-v2" })]
    [InlineData("{\"pre\": \"a\", \"suf\": \"z\"}", new[] { "abcz", "az" }, new[] { "abc", "bcz" })]
    public void Operator_values_become_an_equivalent_regex(string value, string[] matching, string[] notMatching)
    {
        var (rule, lines) = Rewrite($"[{{\"type\": \"header\", \"key\": \"x\", \"value\": {value}}}]");

        Assert.Empty(lines);
        var regex = new Regex("^(?:" + rule!.Has.Single().Value + ")$");
        Assert.All(matching, text => Assert.Matches(regex, text));
        Assert.All(notMatching, text => Assert.DoesNotMatch(regex, text));
    }

    [Fact]
    public void Numeric_comparisons_skip_the_rule_with_a_warning()
    {
        var (rule, lines) = Rewrite("[{\"type\": \"query\", \"key\": \"n\", \"value\": {\"gt\": 5}}]");

        Assert.Null(rule);
        Assert.Equal(["vercel.json:1:101: warning: rewrites[0].has[0].value.gt: numeric comparisons are not supported yet; the rule is skipped"], lines);
    }
}
