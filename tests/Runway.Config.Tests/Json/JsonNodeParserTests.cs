using System.Text;
using Runway.Config.Documents;
using Runway.Config.Json;
using Runway.Config.Tests.Support;

namespace Runway.Config.Tests.Json;

public class JsonNodeParserTests
{
    private static (ConfigNode? Node, DiagnosticBag Diagnostics) Parse(string json)
    {
        var diagnostics = new DiagnosticBag();
        return (JsonNodeParser.Parse(Encoding.UTF8.GetBytes(json), "x.json", diagnostics), diagnostics);
    }

    [Fact]
    public void Properties_and_values_carry_line_and_column()
    {
        var (node, diagnostics) = Parse("{\n  \"build\": {\n    \"builder\": \"NIXPACKS\"\n  },\n  \"list\": [1, 2.5, true, null]\n}");

        Assert.Empty(diagnostics.Items);
        var build = node!.Property("build")!;
        Assert.Equal("x.json:2:3", build.KeyLocation.ToString());
        Assert.Equal("x.json:2:12", build.Value.Location.ToString());
        var builder = build.Value.Property("builder")!;
        Assert.Equal("x.json:3:5", builder.KeyLocation.ToString());
        Assert.Equal("x.json:3:16", builder.Value.Location.ToString());
        Assert.Equal("NIXPACKS", builder.Value.Text);
        var list = node.Property("list")!.Value.Items;
        Assert.Equal([ConfigNodeKind.Integer, ConfigNodeKind.Float, ConfigNodeKind.Boolean, ConfigNodeKind.Null], list.Select(i => i.Kind));
        Assert.Equal("x.json:5:15", list[1].Location.ToString());
        Assert.Equal(2.5, list[1].Float);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var (node, _) = Parse("{\"é\": \"ü\", \"b\": 1}");

        Assert.Equal("x.json:1:12", node!.Property("b")!.KeyLocation.ToString());
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\": 1}")).ToArray();
        var diagnostics = new DiagnosticBag();

        var node = JsonNodeParser.Parse(bytes, "x.json", diagnostics);

        Assert.Equal("x.json:1:2", node!.Property("a")!.KeyLocation.ToString());
    }

    [Fact]
    public void A_syntax_error_reports_the_reader_position()
    {
        var (node, diagnostics) = Parse("{\n  \"a\": 1,\n  \"b\" 2\n}");

        Assert.Null(node);
        var error = Assert.Single(diagnostics.Items);
        Assert.True(error.IsError);
        Assert.Equal("x.json:3:7", error.Location.ToString());
        Assert.StartsWith("invalid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": 1} // comment")]
    [InlineData("{\"a\": 1} {}")]
    [InlineData("{'a': 1}")]
    public void Input_that_JSON_parse_rejects_is_an_error(string json)
    {
        var (node, diagnostics) = Parse(json);

        Assert.Null(node);
        Assert.Single(diagnostics.Errors());
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var (node, diagnostics) = Parse("  ");

        Assert.Null(node);
        Assert.Equal(["x.json:1:1: error: invalid JSON: the file is empty; expected a JSON object"], diagnostics.Lines());
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value_with_a_warning()
    {
        var (node, diagnostics) = Parse("{\"a\": 1,\n \"a\": 2}");

        Assert.Equal(2, Assert.Single(node!.Properties).Value.Integer);
        Assert.Equal(["x.json:2:2: warning: duplicate key \"a\" (first at x.json:1:2); the last value is used"], diagnostics.Lines());
    }
}
