namespace Runway.Addons.Backups;

/// <summary>What an add-on held at the instant its backup was taken, read in the same snapshot as the dump: for PostgreSQL
/// each user table's row count and content checksum, for Redis each database's key count and the server's
/// <c>DEBUG DIGEST</c>. A restore or a verification reads the same from the restored copy and compares
/// (<see cref="BackupManifestComparison"/>).</summary>
public sealed record BackupManifest
{
    /// <summary>PostgreSQL: every user table, ordered by name.</summary>
    public IReadOnlyList<TableManifest>? Tables { get; init; }

    /// <summary>PostgreSQL: how the tables' checksums were computed; checksums are only compared between manifests that
    /// name the same method.</summary>
    public string? ChecksumMethod { get; init; }

    /// <summary>Redis: every database that holds keys (DBSIZE per database), ordered by index.</summary>
    public IReadOnlyList<RedisKeyspaceManifest>? Keyspaces { get; init; }

    /// <summary>Redis: <c>DEBUG DIGEST</c> of the whole data set (40 hex digits), or null where the server does not allow DEBUG.</summary>
    public string? RedisDigest { get; init; }
}

/// <summary>One PostgreSQL table: <c>schema.table</c> (quoted where needed), its rows, and the sum of a hash of each row's
/// text over its rows as a decimal number (<see cref="BackupManifest.ChecksumMethod"/>): independent of row order, so no
/// sort is needed on large tables.</summary>
public sealed record TableManifest(string Name, long Rows, string Checksum);

/// <summary>One Redis database and its key count.</summary>
public sealed record RedisKeyspaceManifest(int Database, long Keys);
