namespace Runway.Addons.Postgres.Pooling;

/// <summary>An app database reached through PgBouncer, and the same database reached directly.</summary>
public sealed record PooledPostgresDatabase(PostgresDatabase Pooled, PostgresDatabase Direct)
{
    /// <summary>The direct URL, for migrations and LISTEN/NOTIFY, which transaction pooling breaks.</summary>
    public const string DirectUrlVariable = "DATABASE_DIRECT_URL";

    /// <summary>DATABASE_URL and PG* point at PgBouncer; <see cref="DirectUrlVariable"/> points at PostgreSQL itself.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(Pooled.Variables, StringComparer.Ordinal)
    {
        [DirectUrlVariable] = Direct.ConnectionUrl,
    };
}
