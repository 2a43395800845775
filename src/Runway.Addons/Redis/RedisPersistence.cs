namespace Runway.Addons.Redis;

/// <summary>How a managed Redis keeps its data across restarts (runway.toml <c>persistence = "rdb" | "aof" | "none"</c>).</summary>
public enum RedisPersistence
{
    /// <summary>Point-in-time RDB snapshots (Redis' default save rules) and a final save on shutdown.</summary>
    Rdb,

    /// <summary>The append-only file, fsynced every second; no periodic RDB snapshots.</summary>
    Aof,

    /// <summary>Nothing is written: a restart starts empty (a cache).</summary>
    None,
}
