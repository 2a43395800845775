using Runway.Addons.Redis;

namespace Runway.Addons.Tests.Redis;

public sealed class RedisSettingsTests
{
    private static RedisSettings? Parse(out string? error, params (string Key, string Value)[] values) =>
        RedisSettings.Parse(values.ToDictionary(v => v.Key, v => v.Value), out error);

    [Fact]
    public void No_settings_give_the_defaults()
    {
        var settings = Parse(out var error);

        Assert.Null(error);
        Assert.Equal(new RedisSettings { MaxMemoryBytes = 64L * 1024 * 1024, EvictionPolicy = "allkeys-lru", Persistence = RedisPersistence.Rdb }, settings);
    }

    [Theory]
    [InlineData("128mb", 128L * 1024 * 1024)]
    [InlineData("128MB", 128L * 1024 * 1024)]
    [InlineData("100m", 100_000_000)]
    [InlineData("2gb", 2L * 1024 * 1024 * 1024)]
    [InlineData("1g", 1_000_000_000)]
    [InlineData("2048kb", 2048L * 1024)]
    [InlineData("5000k", 5_000_000)]
    [InlineData("1048576", 1048576)]
    [InlineData("1048576b", 1048576)]
    [InlineData(" 64mb ", 64L * 1024 * 1024)]
    public void Maxmemory_is_read_with_redis_units(string text, long bytes)
    {
        var settings = Parse(out var error, ("maxmemory", text));

        Assert.Null(error);
        Assert.Equal(bytes, settings!.MaxMemoryBytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("128 mb")]
    [InlineData("128tb")]
    [InlineData("-5mb")]
    [InlineData("1.5gb")]
    [InlineData("")]
    [InlineData("99999999999999999999gb")]
    public void A_wrong_maxmemory_names_the_setting_and_the_units(string text)
    {
        Assert.Null(Parse(out var error, ("maxmemory", text)));

        Assert.Equal($"maxmemory = \"{text}\" is not a memory size: write a number of bytes with an optional unit (b, k, kb, m, mb, g, gb), e.g. \"128mb\"", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000kb")]
    public void A_maxmemory_below_one_megabyte_is_refused(string text)
    {
        Assert.Null(Parse(out var error, ("maxmemory", text)));

        Assert.StartsWith($"maxmemory = \"{text}\" is ", error, StringComparison.Ordinal);
        Assert.EndsWith("a managed Redis needs a limit of at least 1mb", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("noeviction")]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    [InlineData("volatile-lru")]
    [InlineData("volatile-lfu")]
    [InlineData("volatile-random")]
    [InlineData("volatile-ttl")]
    public void Every_eviction_policy_of_redis_is_accepted(string policy)
    {
        Assert.Equal(policy, Parse(out _, ("policy", policy))!.EvictionPolicy);
        Assert.Equal(policy, Parse(out _, ("policy", policy.ToUpperInvariant()))!.EvictionPolicy);
    }

    [Fact]
    public void A_wrong_policy_lists_the_policies_of_redis()
    {
        Assert.Null(Parse(out var error, ("policy", "lru")));

        Assert.Equal(
            "policy = \"lru\" is not an eviction policy of Redis: use one of noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl",
            error);
    }

    [Theory]
    [InlineData("rdb", RedisPersistence.Rdb)]
    [InlineData("AOF", RedisPersistence.Aof)]
    [InlineData("none", RedisPersistence.None)]
    public void Persistence_is_read(string text, RedisPersistence persistence) =>
        Assert.Equal(persistence, Parse(out _, ("persistence", text))!.Persistence);

    [Fact]
    public void A_wrong_persistence_lists_the_choices()
    {
        Assert.Null(Parse(out var error, ("persistence", "disk")));

        Assert.Equal("persistence = \"disk\" is not known: use \"rdb\" (snapshots), \"aof\" (append-only file) or \"none\"", error);
    }

    [Fact]
    public void Every_wrong_setting_is_reported_on_its_own_line_and_other_keys_are_left_alone()
    {
        Assert.Null(Parse(out var error, ("maxmemory", "big"), ("policy", "x"), ("persistence", "y"), ("type", "redis")));

        var lines = error!.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("maxmemory = ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("policy = ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("persistence = ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void All_three_settings_together()
    {
        var settings = Parse(out var error, ("maxmemory", "256mb"), ("policy", "volatile-ttl"), ("persistence", "aof"), ("type", "redis"));

        Assert.Null(error);
        Assert.Equal(new RedisSettings { MaxMemoryBytes = 256L * 1024 * 1024, EvictionPolicy = "volatile-ttl", Persistence = RedisPersistence.Aof }, settings);
    }

    [Fact]
    public void Settings_made_in_code_are_validated_like_parsed_ones()
    {
        Assert.Null(new RedisSettings().Validate());
        Assert.Contains("at least 1mb", new RedisSettings { MaxMemoryBytes = 10 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("noeviction", new RedisSettings { EvictionPolicy = "lru" }.Validate(), StringComparison.Ordinal);
        Assert.NotNull(new RedisSettings { Persistence = (RedisPersistence)7 }.Validate());
    }
}
