using Microsoft.Data.Sqlite;
using Runway.State.Storage;
using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class MigrationTests
{
    [Fact]
    public void Opening_brings_the_schema_to_the_latest_version_and_reopening_changes_nothing()
    {
        using var test = new TestStore();
        var latest = StateSchema.Migrations[^1].Version;
        Assert.Equal(latest, test.Store.Run(c => c.Scalar<int>("PRAGMA user_version")));
        var schema = test.Store.Run(ReadSchema);
        test.AddApp();

        var store = test.Reopen();
        store = test.Reopen();

        Assert.Equal(latest, store.Run(c => c.Scalar<int>("PRAGMA user_version")));
        Assert.Equal(schema, store.Run(ReadSchema));
        Assert.NotNull(store.FindApp("shop"));
    }

    [Fact]
    public void A_database_from_a_newer_runway_is_refused()
    {
        using var test = new TestStore();
        test.Store.Run(c => c.Execute("PRAGMA user_version = 999"));
        test.Store.Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => StateStore.Open(test.DatabasePath));

        Assert.Equal(
            $"{test.DatabasePath} has schema version 999, newer than this version of Runway understands ({StateSchema.Migrations[^1].Version}); upgrade Runway to open it",
            error.Message);
    }

    [Fact]
    public void Pending_migrations_apply_in_order_and_a_failing_one_rolls_all_of_them_back()
    {
        using var test = new TestStore();
        using var connection = StateDatabase.Open(test.Directory.Combine("scratch.db"));
        SchemaMigration[] first = [new(1, "CREATE TABLE a (x INTEGER)")];
        SchemaMigration[] more = [.. first, new(2, "INSERT INTO a VALUES (1)"), new(3, "CREATE TABLE b (y INTEGER)")];
        SchemaMigration[] broken = [.. more, new(4, "CREATE TABLE c (z INTEGER)"), new(5, "THIS IS NOT SQL")];

        Assert.Equal(1, SchemaMigrator.Migrate(connection, first, "scratch.db"));
        Assert.Equal(3, SchemaMigrator.Migrate(connection, more, "scratch.db"));
        Assert.Equal(3, SchemaMigrator.Migrate(connection, more, "scratch.db"));
        Assert.Throws<SqliteException>(() => SchemaMigrator.Migrate(connection, broken, "scratch.db"));

        Assert.Equal(3, connection.Scalar<int>("PRAGMA user_version"));
        Assert.Equal(1, connection.Scalar<int>("SELECT count(*) FROM a"));
        Assert.Equal(0, connection.Scalar<int>("SELECT count(*) FROM sqlite_master WHERE name = 'c'"));
    }

    [Fact]
    public void Migrations_must_be_numbered_from_one_without_gaps()
    {
        using var test = new TestStore();
        using var connection = StateDatabase.Open(test.Directory.Combine("scratch.db"));

        var error = Assert.Throws<InvalidOperationException>(() => SchemaMigrator.Migrate(connection, [new(1, "SELECT 1"), new(3, "SELECT 1")], "scratch.db"));

        Assert.Equal("schema migration at position 1 is numbered 3; migrations must be numbered 1, 2, 3... in order", error.Message);
    }

    private static List<string> ReadSchema(SqliteConnection connection) =>
        connection.Query("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name", r => r.GetString(0));
}
