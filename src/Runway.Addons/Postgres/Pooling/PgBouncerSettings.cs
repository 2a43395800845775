using System.Globalization;

namespace Runway.Addons.Postgres.Pooling;

/// <summary>Whether a PostgreSQL add-on is reached through PgBouncer, and how: <c>pooling</c> and <c>pool_size</c> of <c>[addons.NAME]</c>.</summary>
public sealed record PgBouncerSettings
{
    /// <summary>The setting names <see cref="Parse"/> reads; other keys of the add-on are left to their readers.</summary>
    public const string PoolingKey = "pooling", PoolSizeKey = "pool_size";

    /// <summary>PgBouncer's own default_pool_size.</summary>
    public const int DefaultPoolSize = 20;

    /// <summary>A pool larger than this would exceed the cluster's max_connections long before it helped.</summary>
    public const int MaxPoolSize = 1000;

    /// <summary>The setting names this record is read from.</summary>
    public static IReadOnlyList<string> Keys { get; } = [PoolingKey, PoolSizeKey];

    /// <summary>No pooling: <c>DATABASE_URL</c> points at PostgreSQL itself.</summary>
    public static PgBouncerSettings Off { get; } = new();

    /// <summary>Null: no PgBouncer in front of this add-on.</summary>
    public PgBouncerPoolMode? PoolMode { get; init; }

    /// <summary>Server connections per database and role (PgBouncer's <c>pool_size</c> of the database entry).</summary>
    public int PoolSize { get; init; } = DefaultPoolSize;

    public bool Enabled => PoolMode is not null;

    /// <summary>Reads <c>pooling = "transaction" | "session"</c> and <c>pool_size = 20</c> (values case-insensitive; absent pooling
    /// means no PgBouncer; other keys are ignored). Returns null and sets <paramref name="problem"/> (one line per wrong setting,
    /// each naming the setting and what it accepts) when a value is wrong.</summary>
    public static PgBouncerSettings? Parse(IReadOnlyDictionary<string, string> values, out string? problem)
    {
        var errors = new List<string>();
        var settings = Off;
        if (values.TryGetValue(PoolingKey, out var pooling))
        {
            PgBouncerPoolMode? mode = pooling.Trim().ToLowerInvariant() switch
            {
                "transaction" => PgBouncerPoolMode.Transaction,
                "session" => PgBouncerPoolMode.Session,
                _ => null,
            };
            if (mode is null)
            {
                errors.Add($"{PoolingKey} = \"{pooling}\" is not a pool mode: use \"transaction\" or \"session\", or leave {PoolingKey} out to connect to PostgreSQL directly");
            }

            settings = settings with { PoolMode = mode };
        }

        if (values.TryGetValue(PoolSizeKey, out var poolSize))
        {
            if (!int.TryParse(poolSize.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > MaxPoolSize)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{PoolSizeKey} = \"{poolSize}\" is not a pool size: use a whole number from 1 to {MaxPoolSize}"));
            }
            else if (pooling is null)
            {
                errors.Add($"{PoolSizeKey} is set but {PoolingKey} is not: add {PoolingKey} = \"transaction\" or \"session\" to put PgBouncer in front, or remove {PoolSizeKey}");
            }
            else
            {
                settings = settings with { PoolSize = size };
            }
        }

        problem = errors.Count == 0 ? null : string.Join('\n', errors);
        return problem is null ? settings : null;
    }
}
