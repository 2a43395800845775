using Npgsql;

namespace Runway.Addons.Postgres;

/// <summary>
/// The superuser's statements that provision and remove an app's database. Role and database DDL cannot take bind
/// parameters, so names are quoted identifiers and passwords are sent only as SCRAM verifiers.
/// </summary>
internal static class PostgresAdminSql
{
    /// <summary>Sets the superuser's password and closes the maintenance databases to everyone else.</summary>
    public static async Task SecureClusterAsync(NpgsqlConnection superuser, string superuserPassword, CancellationToken ct)
    {
        await ExecuteAsync(superuser, $"ALTER ROLE {PostgresNames.QuoteIdentifier(PostgresConfigFiles.Superuser)} PASSWORD {PostgresNames.QuoteLiteral(ScramVerifier.For(superuserPassword))}", ct);
        // New databases do not inherit these privileges (CREATE DATABASE copies no ACL), so this only closes postgres and template1.
        await ExecuteAsync(superuser, "REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC", ct);
    }

    /// <summary>Creates (or brings back in line) the role and the database it owns; only that role may connect.</summary>
    public static async Task ProvisionAsync(NpgsqlConnection superuser, StoredDatabase database, CancellationToken ct)
    {
        var role = PostgresNames.QuoteIdentifier(database.Role);
        var name = PostgresNames.QuoteIdentifier(database.Database);
        var roleExists = await ExistsAsync(superuser, "SELECT 1 FROM pg_roles WHERE rolname = $1", database.Role, ct);
        var verb = roleExists ? "ALTER" : "CREATE";
        await ExecuteAsync(
            superuser,
            $"{verb} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {PostgresNames.QuoteLiteral(ScramVerifier.For(database.Password))}",
            ct);
        if (await ExistsAsync(superuser, "SELECT 1 FROM pg_database WHERE datname = $1", database.Database, ct))
        {
            await ExecuteAsync(superuser, $"ALTER DATABASE {name} OWNER TO {role}", ct);
        }
        else
        {
            await ExecuteAsync(superuser, $"CREATE DATABASE {name} OWNER {role} ENCODING 'UTF8'", ct);
        }

        // PUBLIC may connect to a new database by default (PostgreSQL docs 5.7); the owner keeps its implicit rights.
        await ExecuteAsync(superuser, $"REVOKE ALL ON DATABASE {name} FROM PUBLIC", ct);
    }

    /// <summary>Run connected to the app's own database: extensions are per database.</summary>
    public static Task EnableExtensionsAsync(NpgsqlConnection superuserInDatabase, CancellationToken ct) =>
        ExecuteAsync(superuserInDatabase, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", ct);

    /// <summary>Drops the database (disconnecting its sessions, PostgreSQL 13+) and then its role.</summary>
    public static async Task DropAsync(NpgsqlConnection superuser, string database, string role, CancellationToken ct)
    {
        await ExecuteAsync(superuser, $"DROP DATABASE IF EXISTS {PostgresNames.QuoteIdentifier(database)} WITH (FORCE)", ct);
        await ExecuteAsync(superuser, $"DROP ROLE IF EXISTS {PostgresNames.QuoteIdentifier(role)}", ct);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
