using System.Data;
using Runway.Addons.Backups;

namespace Runway.Addons.Postgres;

/// <summary>A backup of one database: <c>pg_dump -Fc</c> and the manifest of what it holds, both read in one snapshot. A
/// REPEATABLE READ transaction exports its snapshot (pg_export_snapshot), pg_dump imports it with <c>--snapshot</c>, and the
/// manifest is read in that transaction while pg_dump runs; the transaction stays open until both are done
/// (PostgreSQL docs 9.27.5, snapshot synchronization functions).</summary>
internal static class PostgresDump
{
    /// <summary>Writes the archive of <paramref name="database"/> to <paramref name="output"/>, dumped as the superuser so
    /// every object is included whoever owns it, and returns its manifest.</summary>
    public static async Task<BackupManifest> DumpAsync(PostgresCluster cluster, string database, Stream output, CancellationToken ct)
    {
        var superuser = cluster.Superuser(database);
        await using var connection = await PostgresContents.OpenAsync(superuser, ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await PostgresContents.ExecuteAsync(connection, "SET TRANSACTION READ ONLY", ct);
        var snapshot = (string)(await PostgresContents.ScalarAsync(connection, "SELECT pg_export_snapshot()", ct))!;

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var dumping = PostgresClientProgram.RunAsync(
            PostgresClientProgram.PgDump,
            ["--format=custom", "--snapshot=" + snapshot, .. PostgresClientProgram.ConnectionArguments(superuser)],
            superuser, input: null, output, $"pg_dump of database '{database}'", failed.Token);
        var reading = PostgresContents.ReadAsync(connection, failed.Token);
        if (await Task.WhenAny(dumping, reading) is { IsCompletedSuccessfully: false })
        {
            await failed.CancelAsync(); // one failed: the other need not run to its end
        }

        try
        {
            await Task.WhenAll(dumping, reading);
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw new PostgresAddonException($"reading the manifest of database '{database}' failed: {e.Message}", e);
        }

        await transaction.CommitAsync(ct);
        return await reading;
    }
}
