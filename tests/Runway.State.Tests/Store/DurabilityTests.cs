using Microsoft.Data.Sqlite;
using Runway.State.Storage;
using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class DurabilityTests
{
    [Fact]
    public void The_connection_uses_wal_full_sync_foreign_keys_and_a_busy_timeout()
    {
        using var test = new TestStore();

        Assert.Equal("wal", test.Store.Run(c => c.Scalar<string>("PRAGMA journal_mode")));
        Assert.Equal(2, test.Store.Run(c => c.Scalar<int>("PRAGMA synchronous"))); // 2 = FULL
        Assert.Equal(1, test.Store.Run(c => c.Scalar<int>("PRAGMA foreign_keys")));
        Assert.Equal(10_000, test.Store.Run(c => c.Scalar<int>("PRAGMA busy_timeout")));
    }

    [Fact]
    public void The_database_and_its_new_directory_are_owner_only()
    {
        using var test = new TestStore();
        test.AddApp();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(test.DatabasePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(test.DatabasePath + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(test.DatabasePath)!));
    }

    [Fact]
    public void Everything_survives_closing_and_reopening()
    {
        using var test = new TestStore();
        var app = test.AddApp() with { CurrentRelease = 1 };
        test.Store.SaveApp(app);
        var release = Records.Release("shop", 1, TestStore.Start) with { EncryptedEnvironment = "v1:xyz" };
        test.Store.SaveRelease(release);
        var deployment = test.Store.StartDeployment("shop", 1, "deploy");
        var instance = Records.Instance("shop", "web.1", TestStore.Start);
        test.Store.SaveInstance(instance);
        var added = test.Store.AddEvent("shop", "deploy.started", "v1");

        var store = test.Reopen();

        Assert.Equal([app], store.ListApps());
        Assert.Equal([release], store.ListReleases("shop"));
        Assert.Equal([deployment], store.ListDeployments("shop", 10));
        Assert.Equal([instance], store.ListInstances());
        Assert.Equal([added], store.ListEvents("shop"));
    }

    [Fact]
    public void An_acknowledged_write_is_in_the_wal_before_the_store_is_closed()
    {
        // A kill -9 leaves the database file and its -wal as they are at this moment; copying both while the store is
        // still open and opening the copy is what the next start of the daemon would find.
        using var test = new TestStore();
        test.AddApp();
        var added = test.Store.AddEvent("shop", "deploy.started", "v1");
        var deployment = test.Store.StartDeployment("shop", 1, "deploy");

        var crashed = test.Directory.Combine("crashed", "state.db");
        var mainFileOnly = test.Directory.Combine("main-file-only", "state.db");
        Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
        Directory.CreateDirectory(Path.GetDirectoryName(mainFileOnly)!);
        File.Copy(test.DatabasePath, crashed);
        File.Copy(test.DatabasePath + "-wal", crashed + "-wal");
        File.Copy(test.DatabasePath, mainFileOnly);

        using (var recovered = StateStore.Open(crashed))
        {
            Assert.Equal([added], recovered.ListEvents("shop"));
            Assert.Equal([deployment], recovered.ListUnfinishedDeployments());
        }

        // Without its -wal the main file does not have the writes yet: they were made durable by the WAL's fsync alone.
        using var withoutWal = StateStore.Open(mainFileOnly);
        Assert.Null(withoutWal.FindApp("shop"));
    }

    [Fact]
    public void Two_stores_on_one_file_see_each_others_writes()
    {
        using var test = new TestStore();
        using var second = StateStore.Open(test.DatabasePath);

        test.AddApp("shop");
        second.AddEvent("shop", "note", "from the second connection");

        Assert.Equal("from the second connection", Assert.Single(test.Store.ListEvents("shop")).Message);
    }

    [Fact]
    public void A_closed_store_refuses_calls()
    {
        var test = new TestStore();
        test.Dispose();

        Assert.Throws<ObjectDisposedException>(() => test.Store.ListApps());
        test.Store.Dispose();
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_an_io_error_naming_it()
    {
        using var test = new TestStore();
        var path = test.Directory.Write("junk/state.db", new string('x', 4096));

        var error = Assert.Throws<IOException>(() => StateStore.Open(path));

        Assert.StartsWith($"{path} could not be opened as Runway's state database: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
    }
}
