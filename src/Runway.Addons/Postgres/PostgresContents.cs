using Npgsql;
using Runway.Addons.Backups;

namespace Runway.Addons.Postgres;

/// <summary>Reads what a database holds for a backup manifest: each user table's row count and an order-independent
/// checksum of its rows, so a restored copy can be compared with the original without sorting gigabytes.</summary>
internal static class PostgresContents
{
    /// <summary>Settings that fix how values are written as text, so row::text is the same in the original and in the copy
    /// whatever the session defaults (PostgreSQL docs 20.11.2, client connection defaults).</summary>
    private const string TextSettings =
        "SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; SET extra_float_digits = 1; " +
        "SET bytea_output = 'hex'; SET lc_monetary = 'C'";

    /// <summary>Ordinary tables (partitions included, each on its own) outside the system schemas (names starting with pg_
    /// are reserved for them) and not members of an extension, which the extension recreates on restore.</summary>
    private const string UserTables = """
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY n.nspname, c.relname
        """;

    /// <summary>How <see cref="TableManifest.Checksum"/> is computed; a manifest with another method is compared by row counts only.</summary>
    public const string ChecksumMethod = "sum(hashtextextended(row::text, 0))";

    /// <summary>A superuser (or any) connection for long reads: no pooling, no command timeout (cancellation ends it).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(PostgresDatabase login, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = login.Host,
            Port = login.Port,
            Username = login.Role,
            Password = login.Password,
            Database = login.Database,
            Pooling = false,
            Timeout = 15,
            CommandTimeout = 0,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, TextSettings, ct);
            return connection;
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync();
            throw new PostgresAddonException($"connecting to database '{login.Database}' on {login.Host}:{login.Port} as {login.Role} failed: {e.Message}", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every user table's rows and checksum, read in the connection's current transaction (its snapshot when it is
    /// REPEATABLE READ). The checksum (<see cref="ChecksumMethod"/>) sums hashtextextended(row::text, 0), PostgreSQL's own
    /// 64-bit text hash, as an exact numeric: the order rows are read in does not matter, a changed, missing or extra row
    /// changes it, and it costs about a third of md5 per row (what keeps verifying a GB table affordable).</summary>
    public static async Task<BackupManifest> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var command = new NpgsqlCommand(UserTables, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new List<TableManifest>(names.Count);
        foreach (var name in names)
        {
            // The name comes from quote_ident above; ONLY keeps an inheritance child's rows out of its parent's count.
            var sql = $"SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM ONLY {name} AS t";
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            tables.Add(new TableManifest(name, reader.GetInt64(0), reader.GetString(1)));
        }

        return new BackupManifest { Tables = tables, ChecksumMethod = ChecksumMethod };
    }

    /// <summary>Opens <paramref name="login"/>'s database and reads its manifest.</summary>
    public static async Task<BackupManifest> ReadAsync(PostgresDatabase login, CancellationToken ct)
    {
        await using var connection = await OpenAsync(login, ct);
        return await ReadAsync(connection, ct);
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(ct);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
