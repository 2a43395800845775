using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>How one managed Redis runs: its memory limit, what it evicts at that limit, and how it persists.</summary>
public sealed record RedisSettings
{
    /// <summary>The setting names <see cref="Parse"/> reads; other keys of the add-on are left to their readers.</summary>
    public const string MaxMemoryKey = "maxmemory", PolicyKey = "policy", PersistenceKey = "persistence";

    /// <summary>64 MiB.</summary>
    public const long DefaultMaxMemoryBytes = 64L * 1024 * 1024;

    /// <summary>Redis warns below 1 MB ("less than 1MB"); a managed instance needs at least that.</summary>
    public const long MinMaxMemoryBytes = 1024 * 1024;

    /// <summary>Every maxmemory-policy of Redis 7 (redis.conf, "MEMORY MANAGEMENT").</summary>
    public static IReadOnlyList<string> EvictionPolicies { get; } =
    [
        "noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    ];

    /// <summary>The setting names this record is read from.</summary>
    public static IReadOnlyList<string> Keys { get; } = [MaxMemoryKey, PolicyKey, PersistenceKey];

    /// <summary>Redis' <c>maxmemory</c>.</summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    /// <summary>Redis' <c>maxmemory-policy</c>, one of <see cref="EvictionPolicies"/>.</summary>
    public string EvictionPolicy { get; init; } = "allkeys-lru";

    public RedisPersistence Persistence { get; init; } = RedisPersistence.Rdb;

    /// <summary>Reads <c>maxmemory = "128mb"</c>, <c>policy = "noeviction"</c> and <c>persistence = "aof" | "rdb" | "none"</c>
    /// (values case-insensitive; missing ones keep their defaults; other keys are ignored). Returns null and sets
    /// <paramref name="error"/> (one line per wrong setting, each naming the setting and what it accepts) when a value is wrong.</summary>
    public static RedisSettings? Parse(IReadOnlyDictionary<string, string> values, out string? error)
    {
        var errors = new List<string>();
        var settings = new RedisSettings();
        if (values.TryGetValue(MaxMemoryKey, out var maxMemory))
        {
            var text = maxMemory.Trim();
            if (!RedisMemorySize.TryParse(text, out var bytes))
            {
                errors.Add($"{MaxMemoryKey} = \"{maxMemory}\" is not a memory size: write a number of bytes with an optional unit ({RedisMemorySize.UnitList}), e.g. \"128mb\"");
            }
            else if (bytes < MinMaxMemoryBytes)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{MaxMemoryKey} = \"{maxMemory}\" is {RedisMemorySize.Describe(bytes)}: a managed Redis needs a limit of at least 1mb"));
            }
            else
            {
                settings = settings with { MaxMemoryBytes = bytes };
            }
        }

        if (values.TryGetValue(PolicyKey, out var policy))
        {
            var name = policy.Trim().ToLowerInvariant();
            if (EvictionPolicies.Contains(name))
            {
                settings = settings with { EvictionPolicy = name };
            }
            else
            {
                errors.Add($"{PolicyKey} = \"{policy}\" is not an eviction policy of Redis: use one of {string.Join(", ", EvictionPolicies)}");
            }
        }

        if (values.TryGetValue(PersistenceKey, out var persistence))
        {
            RedisPersistence? parsed = persistence.Trim().ToLowerInvariant() switch
            {
                "rdb" => RedisPersistence.Rdb,
                "aof" => RedisPersistence.Aof,
                "none" => RedisPersistence.None,
                _ => null,
            };
            if (parsed is { } mode)
            {
                settings = settings with { Persistence = mode };
            }
            else
            {
                errors.Add($"{PersistenceKey} = \"{persistence}\" is not known: use \"rdb\" (snapshots), \"aof\" (append-only file) or \"none\"");
            }
        }

        error = errors.Count == 0 ? null : string.Join('\n', errors);
        return error is null ? settings : null;
    }

    /// <summary>The setting validated as <see cref="Parse"/> would; null when valid.</summary>
    internal string? Validate()
    {
        if (MaxMemoryBytes < MinMaxMemoryBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{MaxMemoryKey} is {MaxMemoryBytes} bytes: a managed Redis needs a limit of at least 1mb");
        }

        if (!Enum.IsDefined(Persistence))
        {
            return $"{PersistenceKey} {Persistence} is not known: use rdb, aof or none";
        }

        return EvictionPolicies.Contains(EvictionPolicy)
            ? null
            : $"{PolicyKey} \"{EvictionPolicy}\" is not an eviction policy of Redis: use one of {string.Join(", ", EvictionPolicies)}";
    }
}
