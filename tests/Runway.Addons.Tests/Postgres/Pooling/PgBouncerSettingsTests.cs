using Runway.Addons.Postgres.Pooling;

namespace Runway.Addons.Tests.Postgres.Pooling;

public sealed class PgBouncerSettingsTests
{
    private static PgBouncerSettings? Parse(out string? problem, params (string Key, string Value)[] values) =>
        PgBouncerSettings.Parse(values.ToDictionary(v => v.Key, v => v.Value), out problem);

    [Fact]
    public void No_pooling_setting_means_no_pgbouncer_and_other_keys_are_left_alone()
    {
        var settings = Parse(out var problem, ("maxmemory", "whatever"));
        Assert.Null(problem);
        Assert.False(settings!.Enabled);
    }

    [Theory]
    [InlineData("transaction", PgBouncerPoolMode.Transaction)]
    [InlineData(" Session ", PgBouncerPoolMode.Session)]
    public void Pool_modes_are_read_case_insensitively_with_the_default_pool_size(string value, PgBouncerPoolMode expected)
    {
        var settings = Parse(out var problem, ("pooling", value));
        Assert.Null(problem);
        Assert.Equal(expected, settings!.PoolMode);
        Assert.Equal(PgBouncerSettings.DefaultPoolSize, settings.PoolSize);
    }

    [Fact]
    public void Pool_size_is_read_with_pooling()
    {
        var settings = Parse(out _, ("pooling", "transaction"), ("pool_size", "5"));
        Assert.Equal(5, settings!.PoolSize);
    }

    [Fact]
    public void An_unknown_pool_mode_names_the_setting_and_the_allowed_values()
    {
        Assert.Null(Parse(out var problem, ("pooling", "statement")));
        Assert.Contains("pooling = \"statement\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"transaction\" or \"session\"", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("lots")]
    [InlineData("5000")]
    public void A_bad_pool_size_names_the_setting_and_the_range(string value)
    {
        Assert.Null(Parse(out var problem, ("pooling", "session"), ("pool_size", value)));
        Assert.Contains($"pool_size = \"{value}\"", problem, StringComparison.Ordinal);
        Assert.Contains("1 to 1000", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_size_without_pooling_says_what_is_missing_and_every_wrong_setting_is_reported()
    {
        Assert.Null(Parse(out var problem, ("pool_size", "4")));
        Assert.Contains("pool_size is set but pooling is not", problem, StringComparison.Ordinal);

        Assert.Null(Parse(out problem, ("pooling", "tx"), ("pool_size", "none")));
        Assert.Equal(2, problem!.Split('\n').Length);
    }
}
