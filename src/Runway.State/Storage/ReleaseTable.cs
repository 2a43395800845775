using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>SQL for the releases table.</summary>
internal static class ReleaseTable
{
    private const string Columns = "app, number, created_at, directory, spec_json, status, description, encrypted_environment";

    public static void Save(SqliteConnection connection, ReleaseRecord release) =>
        connection.Execute(
            $"""
            INSERT INTO releases ({Columns}) VALUES ($app, $number, $created, $directory, $spec, $status, $description, $environment)
            ON CONFLICT (app, number) DO UPDATE SET
                created_at = excluded.created_at, directory = excluded.directory, spec_json = excluded.spec_json, status = excluded.status,
                description = excluded.description, encrypted_environment = excluded.encrypted_environment
            """,
            ("$app", release.App),
            ("$number", release.Number),
            ("$created", StoredValues.Time(release.CreatedAt)),
            ("$directory", release.Directory),
            ("$spec", release.SpecJson),
            ("$status", StoredValues.Enum(release.Status)),
            ("$description", release.Description),
            ("$environment", release.EncryptedEnvironment));

    public static ReleaseRecord? Find(SqliteConnection connection, string app, int number) =>
        connection.QuerySingle($"SELECT {Columns} FROM releases WHERE app = $app AND number = $number", Read, ("$app", app), ("$number", number));

    public static List<ReleaseRecord> List(SqliteConnection connection, string app) =>
        connection.Query($"SELECT {Columns} FROM releases WHERE app = $app ORDER BY number DESC", Read, ("$app", app));

    public static bool Delete(SqliteConnection connection, string app, int number) =>
        connection.Execute("DELETE FROM releases WHERE app = $app AND number = $number", ("$app", app), ("$number", number)) > 0;

    private static ReleaseRecord Read(SqliteDataReader row) =>
        new(
            row.GetString(0),
            row.GetInt32(1),
            StoredValues.ParseTime(row.GetString(2), "releases.created_at"),
            row.GetString(3),
            row.GetString(4),
            StoredValues.ParseEnum<ReleaseStatus>(row.GetString(5), "releases.status"))
        {
            Description = row.NullableString(6),
            EncryptedEnvironment = row.NullableString(7),
        };
}
