using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>SQL for the apps table.</summary>
internal static class AppTable
{
    private const string Columns = "name, source_directory, environment, desired, current_release, previous_release, scale_json";

    public static AppRecord? Find(SqliteConnection connection, string name) =>
        connection.QuerySingle($"SELECT {Columns} FROM apps WHERE name = $name", Read, ("$name", name));

    public static List<AppRecord> List(SqliteConnection connection) =>
        connection.Query($"SELECT {Columns} FROM apps ORDER BY name", Read);

    public static void Save(SqliteConnection connection, AppRecord app) =>
        // An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, and the cascade would take its releases with it.
        connection.Execute(
            $"""
            INSERT INTO apps ({Columns}) VALUES ($name, $source, $environment, $desired, $current, $previous, $scale)
            ON CONFLICT (name) DO UPDATE SET
                source_directory = excluded.source_directory, environment = excluded.environment, desired = excluded.desired,
                current_release = excluded.current_release, previous_release = excluded.previous_release, scale_json = excluded.scale_json
            """,
            ("$name", app.Name),
            ("$source", app.SourceDirectory),
            ("$environment", app.Environment),
            ("$desired", StoredValues.Enum(app.Desired)),
            ("$current", app.CurrentRelease),
            ("$previous", app.PreviousRelease),
            ("$scale", ScaleJson.Write(app.Scale)));

    /// <summary>Deletes the app; its releases, deployments, instances and events go with it (ON DELETE CASCADE).</summary>
    public static bool Delete(SqliteConnection connection, string name) =>
        connection.Execute("DELETE FROM apps WHERE name = $name", ("$name", name)) > 0;

    private static AppRecord Read(SqliteDataReader row)
    {
        var name = row.GetString(0);
        return new AppRecord(
            name,
            row.GetString(1),
            row.GetString(2),
            StoredValues.ParseEnum<AppDesiredState>(row.GetString(3), "apps.desired"),
            row.NullableInt32(4),
            row.NullableInt32(5))
        {
            Scale = ScaleJson.Read(row.GetString(6), name),
        };
    }
}
