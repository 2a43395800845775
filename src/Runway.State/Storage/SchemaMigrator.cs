using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>Brings a database to the newest schema version. The version lives in <c>PRAGMA user_version</c>; every
/// pending migration and the new version are written in one transaction, so a crash leaves the old schema or the new one.</summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the migrations newer than the database's version, in order; returns the version reached.</summary>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<SchemaMigration> migrations, string databasePath)
    {
        CheckNumbering(migrations);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;

        // BEGIN IMMEDIATE takes the write lock before reading the version, so two processes opening the same new
        // database cannot both decide to migrate it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = connection.Scalar<int>("PRAGMA user_version");
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"{databasePath} has schema version {current}, newer than this version of Runway understands ({latest}); upgrade Runway to open it");
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            connection.Execute(migration.Sql);
        }

        if (latest != current)
        {
            // PRAGMA takes no parameters; the value is an int from our own list.
            connection.Execute($"PRAGMA user_version = {latest}");
        }

        transaction.Commit();
        return latest;
    }

    private static void CheckNumbering(IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"schema migration at position {i} is numbered {migrations[i].Version}; migrations must be numbered 1, 2, 3... in order");
            }
        }
    }
}
