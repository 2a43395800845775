namespace Runway.Addons.Postgres.Pooling;

/// <summary>When PgBouncer hands a server connection back to the pool (PgBouncer docs, "pool_mode").</summary>
public enum PgBouncerPoolMode
{
    /// <summary>When the client disconnects: every session feature works.</summary>
    Session,

    /// <summary>When a transaction ends: far more clients per server connection, but no session state (LISTEN, SET, advisory locks, named prepared statements).</summary>
    Transaction,
}
