using Runway.Config.Toml;

namespace Runway.Config.Tests.Toml;

/// <summary>The compliance comparison itself notices differences (so a passing suite means something).</summary>
public sealed class TaggedJsonTests
{
    private static TomlTable Parse(string toml) => TomlParser.Parse(toml).Document!;

    [Fact]
    public void Equal_documents_compare_equal()
    {
        const string json = """{"a": {"type": "integer", "value": "1"}, "t": {"d": {"type": "datetime", "value": "1979-05-27T07:32:00Z"}}, "f": [{"type": "float", "value": "nan"}]}""";

        Assert.Null(TaggedJson.Compare(json, Parse("a = 1\nf = [nan]\n[t]\nd = 1979-05-27T00:32:00-07:00")));
    }

    [Theory]
    [InlineData("""{"a": {"type": "integer", "value": "2"}}""", "a = 1", "$.a: expected integer '2', got integer '1'")]
    [InlineData("""{"a": {"type": "string", "value": "1"}}""", "a = 1", "$.a: expected string '1', got integer '1'")]
    [InlineData("""{"a": {"type": "float", "value": "inf"}}""", "a = -inf", "$.a: expected float 'inf'")]
    [InlineData("""{"a": {"type": "datetime-local", "value": "1979-05-27T07:32:00"}}""", "a = 1979-05-27T07:32:00Z", "$.a: expected datetime-local")]
    [InlineData("""{"a": [], "b": {"type": "bool", "value": "true"}}""", "a = []", "$: expected keys [a, b], got [a]")]
    [InlineData("""{"a": [{"type": "bool", "value": "true"}]}""", "a = [true, false]", "$.a: expected 1 elements, got 2")]
    [InlineData("""{"a": {}}""", "a = []", "$.a: expected a table, got array")]
    public void Differences_are_reported_with_their_path(string json, string toml, string difference)
    {
        Assert.StartsWith(difference, TaggedJson.Compare(json, Parse(toml)), StringComparison.Ordinal);
    }
}
