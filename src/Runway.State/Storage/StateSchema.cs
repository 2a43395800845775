namespace Runway.State.Storage;

/// <summary>The state database's schema, as numbered migrations. Never edit a released migration; add the next one.</summary>
internal static class StateSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, """
            CREATE TABLE apps (
                name TEXT NOT NULL PRIMARY KEY,
                source_directory TEXT NOT NULL,
                environment TEXT NOT NULL,
                desired TEXT NOT NULL,
                current_release INTEGER,
                previous_release INTEGER,
                scale_json TEXT NOT NULL DEFAULT '{}'
            );

            CREATE TABLE releases (
                app TEXT NOT NULL REFERENCES apps (name) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                directory TEXT NOT NULL,
                spec_json TEXT NOT NULL,
                status TEXT NOT NULL,
                description TEXT,
                encrypted_environment TEXT,
                PRIMARY KEY (app, number)
            );

            -- AUTOINCREMENT: ids only grow and are never reused, even after the newest rows are deleted.
            CREATE TABLE deployments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                app TEXT NOT NULL REFERENCES apps (name) ON DELETE CASCADE,
                release_number INTEGER NOT NULL,
                triggered_by TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                message TEXT
            );
            CREATE INDEX deployments_by_app ON deployments (app, id);
            CREATE INDEX deployments_running ON deployments (id) WHERE status = 'Running';

            CREATE TABLE instances (
                app TEXT NOT NULL REFERENCES apps (name) ON DELETE CASCADE,
                id TEXT NOT NULL,
                release_number INTEGER NOT NULL,
                process_id INTEGER,
                process_start_ticks INTEGER,
                port INTEGER,
                state TEXT NOT NULL,
                started_at TEXT NOT NULL,
                PRIMARY KEY (app, id)
            );

            CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                app TEXT NOT NULL REFERENCES apps (name) ON DELETE CASCADE,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                message TEXT NOT NULL
            );
            CREATE INDEX events_by_app ON events (app, id);
            """),
    ];
}
