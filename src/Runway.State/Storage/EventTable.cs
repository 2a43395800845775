using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>SQL for the events table.</summary>
internal static class EventTable
{
    private const string Columns = "id, app, at, kind, message";

    public static EventRecord Add(SqliteConnection connection, string app, string kind, string message, DateTimeOffset now) =>
        connection.QuerySingle(
            $"INSERT INTO events (app, at, kind, message) VALUES ($app, $at, $kind, $message) RETURNING {Columns}",
            Read,
            ("$app", app),
            ("$at", StoredValues.Time(now)),
            ("$kind", kind),
            ("$message", message))!;

    /// <summary>Up to <paramref name="limit"/> events with an id above <paramref name="afterId"/>, oldest first.</summary>
    public static List<EventRecord> ListAfter(SqliteConnection connection, string? app, long afterId, int limit) =>
        app is null
            ? connection.Query($"SELECT {Columns} FROM events WHERE id > $after ORDER BY id LIMIT $limit", Read, ("$after", afterId), ("$limit", limit))
            : connection.Query(
                $"SELECT {Columns} FROM events WHERE app = $app AND id > $after ORDER BY id LIMIT $limit",
                Read,
                ("$app", app),
                ("$after", afterId),
                ("$limit", limit));

    /// <summary>The newest <paramref name="limit"/> events, oldest first.</summary>
    public static List<EventRecord> ListLatest(SqliteConnection connection, string? app, int limit)
    {
        var newestFirst = app is null
            ? connection.Query($"SELECT {Columns} FROM events ORDER BY id DESC LIMIT $limit", Read, ("$limit", limit))
            : connection.Query($"SELECT {Columns} FROM events WHERE app = $app ORDER BY id DESC LIMIT $limit", Read, ("$app", app), ("$limit", limit));
        newestFirst.Reverse();
        return newestFirst;
    }

    private static EventRecord Read(SqliteDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), StoredValues.ParseTime(row.GetString(2), "events.at"), row.GetString(3), row.GetString(4));
}
