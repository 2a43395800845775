using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>SQL for the deployments table.</summary>
internal static class DeploymentTable
{
    private const string Columns = "id, app, release_number, triggered_by, status, started_at, finished_at, message";

    public static DeploymentRecord Start(SqliteConnection connection, string app, int release, string trigger, DateTimeOffset now) =>
        connection.QuerySingle(
            $"""
            INSERT INTO deployments (app, release_number, triggered_by, status, started_at)
            VALUES ($app, $release, $trigger, $status, $started)
            RETURNING {Columns}
            """,
            Read,
            ("$app", app),
            ("$release", release),
            ("$trigger", trigger),
            ("$status", StoredValues.Enum(DeploymentStatus.Running)),
            ("$started", StoredValues.Time(now)))!;

    /// <summary>Marks a running deployment finished; false when no running deployment has that id.</summary>
    public static bool Finish(SqliteConnection connection, long id, DeploymentStatus status, string message, DateTimeOffset now) =>
        connection.Execute(
            "UPDATE deployments SET status = $status, finished_at = $finished, message = $message WHERE id = $id AND status = $running",
            ("$id", id),
            ("$status", StoredValues.Enum(status)),
            ("$finished", StoredValues.Time(now)),
            ("$message", message),
            ("$running", StoredValues.Enum(DeploymentStatus.Running))) > 0;

    public static DeploymentRecord? Find(SqliteConnection connection, long id) =>
        connection.QuerySingle($"SELECT {Columns} FROM deployments WHERE id = $id", Read, ("$id", id));

    public static List<DeploymentRecord> List(SqliteConnection connection, string app, int limit) =>
        connection.Query($"SELECT {Columns} FROM deployments WHERE app = $app ORDER BY id DESC LIMIT $limit", Read, ("$app", app), ("$limit", limit));

    // The literal 'Running' (not a parameter) lets SQLite use the partial index deployments_running.
    public static List<DeploymentRecord> ListRunning(SqliteConnection connection) =>
        connection.Query($"SELECT {Columns} FROM deployments WHERE status = 'Running' ORDER BY id", Read);

    private static DeploymentRecord Read(SqliteDataReader row) =>
        new(
            row.GetInt64(0),
            row.GetString(1),
            row.GetInt32(2),
            row.GetString(3),
            StoredValues.ParseEnum<DeploymentStatus>(row.GetString(4), "deployments.status"),
            StoredValues.ParseTime(row.GetString(5), "deployments.started_at"),
            StoredValues.ParseNullableTime(row.NullableString(6), "deployments.finished_at"),
            row.NullableString(7));
}
