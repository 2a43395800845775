using Npgsql;

namespace Runway.Addons.Postgres;

/// <summary>What a crash in the middle of a restore or a verification can leave in the cluster.</summary>
/// <param name="Dropped">Unfinished copies (<c>runway_restore_*</c>, never swapped in; <c>runway_verify_*</c> scratch databases), dropped.</param>
/// <param name="Kept">Live data set aside by a swap whose drop did not happen (<c>runway_replaced_*</c>): kept, for the user to look at.</param>
internal sealed record RestoreLeftovers(IReadOnlyList<string> Dropped, IReadOnlyList<string> Kept);

internal sealed partial class PostgresRestore
{
    /// <summary>Drops the unfinished copies a crash left and lists the set-aside live databases it kept (a restore's
    /// safety backup holds their data too, but what was the user's is never dropped without them).</summary>
    public async Task<RestoreLeftovers> CleanLeftoversAsync(CancellationToken ct)
    {
        await using var admin = await AdminAsync(ct);
        var names = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'runway\\_%' ORDER BY datname", admin))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var dropped = names.Where(n => n.StartsWith("runway_restore_", StringComparison.Ordinal) || n.StartsWith("runway_verify_", StringComparison.Ordinal)).ToList();
        foreach (var name in dropped)
        {
            await PostgresContents.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {PostgresNames.QuoteIdentifier(name)} WITH (FORCE)", ct);
        }

        return new RestoreLeftovers(dropped, names.Where(n => n.StartsWith("runway_replaced_", StringComparison.Ordinal)).ToList());
    }
}
