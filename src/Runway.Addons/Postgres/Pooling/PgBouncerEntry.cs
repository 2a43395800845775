namespace Runway.Addons.Postgres.Pooling;

/// <summary>One pooled app database: where PgBouncer finds it on the cluster, the role that logs in, and how it is pooled.</summary>
internal sealed record PgBouncerEntry(string Database, string Role, string Password, string ServerHost, int ServerPort, PgBouncerPoolMode Mode, int PoolSize);

/// <summary>What Runway remembers about its PgBouncer across daemon restarts: the port apps were given, and every pooled database.</summary>
internal sealed record PgBouncerState(int Port, IReadOnlyList<PgBouncerEntry> Entries)
{
    public PgBouncerState With(PgBouncerEntry entry) =>
        this with { Entries = [.. Entries.Where(e => e.Database != entry.Database), entry] };
}
