using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostgresNamesTests
{
    [Theory]
    [InlineData("studybuddy", "production", "studybuddy_production")]
    [InlineData("Study-Buddy", "preview-Feature/Login", "study_buddy_preview_feature_login")]
    [InlineData("  my..app  ", "staging", "my_app_staging")]
    [InlineData("9lives", "production", "app_9lives_production")]
    [InlineData("pg_tool", "production", "app_pg_tool_production")]
    [InlineData("ünïcode", "prod", "n_code_prod")]
    [InlineData("---", "prod", "x_prod")]
    public void Names_are_lower_case_words_joined_by_underscores(string app, string environment, string expected) =>
        Assert.Equal(expected, PostgresNames.For(app, environment));

    [Fact]
    public void Long_names_fit_in_63_bytes_and_stay_distinct()
    {
        var a = PostgresNames.For(new string('a', 80), "preview-one");
        var b = PostgresNames.For(new string('a', 80), "preview-two");
        Assert.Equal(PostgresNames.MaxIdentifierBytes, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Pairs_that_sanitise_alike_are_told_apart_by_a_hash()
    {
        Assert.Equal(PostgresNames.For("my-app", "prod"), PostgresNames.For("my_app", "prod"));
        Assert.NotEqual(PostgresNames.Disambiguated("my-app", "prod"), PostgresNames.Disambiguated("my_app", "prod"));
        Assert.StartsWith("my_app_prod_", PostgresNames.Disambiguated("my-app", "prod"), StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_and_literals_are_quoted_by_doubling_their_quote()
    {
        Assert.Equal("\"a\"\"b\"", PostgresNames.QuoteIdentifier("a\"b"));
        Assert.Equal("'it''s \\n'", PostgresNames.QuoteLiteral("it's \\n"));
        Assert.Throws<ArgumentException>(() => PostgresNames.QuoteLiteral("a\0b"));
    }
}
