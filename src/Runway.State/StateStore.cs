using Microsoft.Data.Sqlite;
using Runway.State.Storage;

namespace Runway.State;

/// <summary>
/// The daemon's durable state in one SQLite file (<c>$RUNWAY_HOME/state.db</c>): apps, releases, deployments, running
/// instances and events. Every method that returns has committed its write to disk (WAL with synchronous=FULL), so a
/// kill -9 of the daemon loses nothing that was acknowledged. Safe to call from any number of threads.
/// </summary>
public sealed class StateStore : IDisposable
{
    // One connection behind a lock rather than a connection per call: SQLite lets only one writer in at a time anyway, so
    // the lock costs no write throughput; every call here is a short indexed statement, so readers waiting on it is
    // cheap; and our own threads can never meet SQLITE_BUSY or a deadlock between two connections. busy_timeout still
    // covers other processes (the sqlite3 shell, a CLI reading the file).
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private bool _disposed;

    private StateStore(string path, SqliteConnection connection, TimeProvider time)
    {
        DatabasePath = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens (creating the file and its directory, owner-only, when missing) and migrates the database.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer Runway (a schema version this one does not know).</exception>
    /// <exception cref="IOException">The file cannot be opened as a database.</exception>
    public static StateStore Open(string databasePath, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var path = Path.GetFullPath(databasePath);
        SqliteConnection connection;
        try
        {
            connection = StateDatabase.Open(path);
        }
        catch (SqliteException ex)
        {
            throw new IOException($"{path} could not be opened as Runway's state database: {ex.Message}", ex);
        }

        try
        {
            SchemaMigrator.Migrate(connection, StateSchema.Migrations, path);
            return new StateStore(path, connection, time ?? TimeProvider.System);
        }
        catch (Exception ex)
        {
            connection.Dispose();
            if (ex is SqliteException sqlite)
            {
                throw new IOException($"{path} could not be opened as Runway's state database: {sqlite.Message}", sqlite);
            }

            throw;
        }
    }

    public AppRecord? FindApp(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Run(c => AppTable.Find(c, name));
    }

    /// <summary>All apps, ordered by name.</summary>
    public IReadOnlyList<AppRecord> ListApps() => Run(AppTable.List);

    /// <summary>Inserts the app, or replaces the one with the same name (keeping its releases and history).</summary>
    public void SaveApp(AppRecord app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(app.Name, nameof(app));
        Run(c => AppTable.Save(c, app));
    }

    /// <summary>Deletes the app with all its releases, deployments, instances and events; false when there was none.</summary>
    public bool DeleteApp(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Run(c => AppTable.Delete(c, name));
    }

    /// <summary>Inserts the release, or replaces the one with the same app and number. The app must be saved first.</summary>
    public void SaveRelease(ReleaseRecord release)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(release.Number, nameof(release));
        RunForApp(release.App, "a release", c => ReleaseTable.Save(c, release));
    }

    public ReleaseRecord? FindRelease(string app, int number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        return Run(c => ReleaseTable.Find(c, app, number));
    }

    /// <summary>The app's releases, newest (highest number) first.</summary>
    public IReadOnlyList<ReleaseRecord> ListReleases(string app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        return Run(c => ReleaseTable.List(c, app));
    }

    public bool DeleteRelease(string app, int number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        return Run(c => ReleaseTable.Delete(c, app, number));
    }

    /// <summary>Records a rollout that starts now, with status <see cref="DeploymentStatus.Running"/>.</summary>
    /// <param name="trigger">What started it: <c>deploy</c>, <c>rollback</c>, <c>restart</c>, <c>scale</c>...</param>
    public DeploymentRecord StartDeployment(string app, int release, string trigger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(release);
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        return RunForApp(app, "a deployment", c => DeploymentTable.Start(c, app, release, trigger, _time.GetUtcNow()));
    }

    /// <summary>Marks a running deployment finished now.</summary>
    /// <exception cref="KeyNotFoundException">No deployment has that id.</exception>
    /// <exception cref="InvalidOperationException">The deployment has already finished.</exception>
    public void FinishDeployment(long id, DeploymentStatus status, string message)
    {
        if (status == DeploymentStatus.Running || !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a finished deployment is Succeeded, Failed or RolledBack");
        }

        ArgumentNullException.ThrowIfNull(message);
        Run(c =>
        {
            if (DeploymentTable.Finish(c, id, status, message, _time.GetUtcNow()))
            {
                return;
            }

            var existing = DeploymentTable.Find(c, id) ?? throw new KeyNotFoundException($"no deployment has id {id}");
            throw new InvalidOperationException($"deployment {id} of app \"{existing.App}\" already finished as {existing.Status}");
        });
    }

    public DeploymentRecord? FindDeployment(long id) => Run(c => DeploymentTable.Find(c, id));

    /// <summary>The app's newest <paramref name="limit"/> deployments, newest first.</summary>
    public IReadOnlyList<DeploymentRecord> ListDeployments(string app, int limit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Run(c => DeploymentTable.List(c, app, limit));
    }

    /// <summary>Deployments of every app still marked running, oldest first: after a restart, the ones a crash interrupted.</summary>
    public IReadOnlyList<DeploymentRecord> ListUnfinishedDeployments() => Run(DeploymentTable.ListRunning);

    /// <summary>Inserts the instance, or replaces the one with the same app and id. The app must be saved first.</summary>
    public void SaveInstance(InstanceRecord instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(instance.Id, nameof(instance));
        RunForApp(instance.App, "an instance", c => InstanceTable.Save(c, instance));
    }

    public bool RemoveInstance(string app, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Run(c => InstanceTable.Remove(c, app, id));
    }

    /// <summary>The recorded instances of one app (by id), or of every app (by app, then id) when <paramref name="app"/> is null.</summary>
    public IReadOnlyList<InstanceRecord> ListInstances(string? app = null) => Run(c => InstanceTable.List(c, app));

    /// <summary>Appends an event to the app's history, stamped now. The app must be saved first.</summary>
    public EventRecord AddEvent(string app, string kind, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(message);
        return RunForApp(app, "an event", c => EventTable.Add(c, app, kind, message, _time.GetUtcNow()));
    }

    /// <summary>Up to <paramref name="limit"/> events of one app (or all when null) with an id above <paramref name="afterId"/>,
    /// oldest first: pass the last id seen to follow the history.</summary>
    public IReadOnlyList<EventRecord> ListEvents(string? app, long afterId = 0, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Run(c => EventTable.ListAfter(c, app, afterId, limit));
    }

    /// <summary>The newest <paramref name="limit"/> events of one app (or all when null), oldest first.</summary>
    public IReadOnlyList<EventRecord> ListLatestEvents(string? app, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Run(c => EventTable.ListLatest(c, app, limit));
    }

    /// <summary>Closes the database; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> with the connection while holding the lock (internal: tests read pragmas through it).</summary>
    internal T Run<T>(Func<SqliteConnection, T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return action(_connection);
        }
    }

    private void Run(Action<SqliteConnection> action) => Run(c =>
    {
        action(c);
        return 0;
    });

    private void RunForApp(string app, string what, Action<SqliteConnection> action) => RunForApp(app, what, c =>
    {
        action(c);
        return 0;
    });

    /// <summary>Runs a write whose row belongs to <paramref name="app"/>, turning the foreign-key failure into a clear error.</summary>
    private T RunForApp<T>(string app, string what, Func<SqliteConnection, T> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        const int ForeignKeyConstraintFailed = 787; // SQLITE_CONSTRAINT_FOREIGNKEY
        try
        {
            return Run(action);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKeyConstraintFailed)
        {
            throw new InvalidOperationException($"cannot record {what} for app \"{app}\": no such app is saved; call SaveApp first", ex);
        }
    }
}
