using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>SQL for the instances table.</summary>
internal static class InstanceTable
{
    private const string Columns = "app, id, release_number, process_id, process_start_ticks, port, state, started_at";

    public static void Save(SqliteConnection connection, InstanceRecord instance) =>
        connection.Execute(
            $"""
            INSERT INTO instances ({Columns}) VALUES ($app, $id, $release, $pid, $ticks, $port, $state, $started)
            ON CONFLICT (app, id) DO UPDATE SET
                release_number = excluded.release_number, process_id = excluded.process_id, process_start_ticks = excluded.process_start_ticks,
                port = excluded.port, state = excluded.state, started_at = excluded.started_at
            """,
            ("$app", instance.App),
            ("$id", instance.Id),
            ("$release", instance.Release),
            ("$pid", instance.ProcessId),
            ("$ticks", instance.ProcessStartTicks),
            ("$port", instance.Port),
            ("$state", instance.State),
            ("$started", StoredValues.Time(instance.StartedAt)));

    public static bool Remove(SqliteConnection connection, string app, string id) =>
        connection.Execute("DELETE FROM instances WHERE app = $app AND id = $id", ("$app", app), ("$id", id)) > 0;

    public static List<InstanceRecord> List(SqliteConnection connection, string? app) =>
        app is null
            ? connection.Query($"SELECT {Columns} FROM instances ORDER BY app, id", Read)
            : connection.Query($"SELECT {Columns} FROM instances WHERE app = $app ORDER BY id", Read, ("$app", app));

    private static InstanceRecord Read(SqliteDataReader row) =>
        new(
            row.GetString(0),
            row.GetString(1),
            row.GetInt32(2),
            row.NullableInt32(3),
            row.NullableInt64(4),
            row.NullableInt32(5),
            row.GetString(6),
            StoredValues.ParseTime(row.GetString(7), "instances.started_at"));
}
