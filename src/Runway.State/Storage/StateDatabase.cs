using Microsoft.Data.Sqlite;

namespace Runway.State.Storage;

/// <summary>Opens the state database file with the settings that make an acknowledged write survive a crash.</summary>
internal static class StateDatabase
{
    /// <summary>How long a statement waits for another process (a second daemon, the sqlite3 shell) to release a lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the file (owner-only, like its directory when new) if missing, opens it and sets the connection's pragmas.</summary>
    public static SqliteConnection Open(string path)
    {
        CreateOwnerOnly(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Without pooling, Dispose really closes the file: SQLite then checkpoints the WAL and the directory can go.
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            Configure(connection, path);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Configure(SqliteConnection connection, string path)
    {
        // WAL: readers do not block the writer, and a commit is one append to the -wal file (sqlite.org/wal.html).
        var journalMode = connection.Scalar<string>("PRAGMA journal_mode = WAL");
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"{path} could not be switched to WAL journal mode (got \"{journalMode}\"); the file system may not support shared memory");
        }

        // FULL: in WAL mode every commit fsyncs the -wal file before returning, so a kill -9 or power cut after a
        // method returned cannot lose that write (NORMAL would only keep the database consistent, not durable).
        connection.Execute("PRAGMA synchronous = FULL");
        connection.Execute("PRAGMA foreign_keys = ON");
        connection.Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
    }

    private static void CreateOwnerOnly(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        // The database holds app specs and encrypted environments: create it owner-only from the start. SQLite gives the
        // -wal and -shm files the database file's mode.
        if (!File.Exists(path))
        {
            try
            {
                using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it between the check and here; open theirs.
            }
        }
    }
}
