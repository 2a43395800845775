using System.Diagnostics;
using Npgsql;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pooling;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Postgres.Pooling;

/// <summary>A real PgBouncer in front of a real PostgreSQL 15 cluster, both in temp directories.</summary>
public sealed class PgBouncerTests(PostgresClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>, IDisposable
{
    private const string Program = "/usr/sbin/pgbouncer";

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly PgBouncerSettings Transaction = new() { PoolMode = PgBouncerPoolMode.Transaction };

    private readonly string _directory = CreateTemporaryDirectory();

    private PostgresCluster Cluster => fixture.Cluster!;

    private PgBouncerOptions Options => new(Path.Combine(_directory, "pgbouncer"));

    private bool Skipped()
    {
        if (PostgresClusterFixture.Available && File.Exists(Program))
        {
            return false;
        }

        output.WriteLine($"skipped: needs PostgreSQL 15 and {Program} (apt-get install postgresql-15 pgbouncer).");
        return true;
    }

    [Fact]
    public async Task An_app_queries_through_pgbouncer_with_its_password_and_is_refused_elsewhere()
    {
        if (Skipped())
        {
            return;
        }

        var shop = await Cluster.ProvisionAsync("shop", "pooled", None);
        var blog = await Cluster.ProvisionAsync("blog", "pooled", None);
        await using var bouncer = await PgBouncer.StartAsync(Options, None);
        var pooledShop = await bouncer.AddDatabaseAsync(shop, Transaction, None);
        await bouncer.AddDatabaseAsync(blog, new PgBouncerSettings { PoolMode = PgBouncerPoolMode.Session }, None);

        Assert.Equal($"postgresql://{shop.Role}:{shop.Password}@127.0.0.1:{bouncer.Port}/{shop.Database}", pooledShop.Variables["DATABASE_URL"]);
        Assert.Equal(bouncer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), pooledShop.Variables["PGPORT"]);
        Assert.Equal(shop.ConnectionUrl, pooledShop.Variables[PooledPostgresDatabase.DirectUrlVariable]);
        Assert.NotEqual(Cluster.Port, bouncer.Port);

        await using (var connection = await OpenAsync(pooledShop.Pooled))
        {
            await ExecuteAsync(connection, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('pooled')");
            Assert.Equal("pooled", await ScalarAsync(connection, "SELECT body FROM notes"));
            Assert.Equal(shop.Role, await ScalarAsync(connection, "SELECT current_user"));
        }

        Assert.True((await bouncer.CheckHealthAsync(pooledShop, None)).Healthy);
        var wrongPassword = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(pooledShop.Pooled with { Password = "guess" }));
        // PgBouncer 1.18 answers a failed SCRAM exchange with 08P01 "SASL authentication failed" where PostgreSQL says 28P01.
        Assert.Contains("authentication failed", wrongPassword.MessageText, StringComparison.Ordinal);
        // PgBouncer's hba lets each role into its own database only, and refuses at once.
        var refusing = Stopwatch.StartNew();
        foreach (var elsewhere in new[] { blog.Database, "postgres" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(pooledShop.Pooled with { Database = elsewhere }));
            output.WriteLine(refused.Message);
        }

        Assert.InRange(refusing.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Twenty_clients_share_a_pool_of_two_server_connections_in_transaction_mode()
    {
        if (Skipped())
        {
            return;
        }

        var shop = await Cluster.ProvisionAsync("shop", "busy", None);
        await using var bouncer = await PgBouncer.StartAsync(Options, None);
        var pooled = await bouncer.AddDatabaseAsync(shop, Transaction with { PoolSize = 2 }, None);

        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => OpenAsync(pooled.Pooled)));
        try
        {
            var pids = await Task.WhenAll(clients.Select(async c => (int)(await ScalarAsync(c, "SELECT pg_backend_pid() FROM pg_sleep(0.1)"))!));
            Assert.InRange(pids.Distinct().Count(), 1, 2);

            await using var superuser = new NpgsqlConnection(ConnectionString(Cluster.Superuser("postgres")));
            await superuser.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE usename = $1", superuser) { Parameters = { new() { Value = shop.Role } } };
            Assert.InRange((long)(await count.ExecuteScalarAsync())!, 1, 2);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_restarted_daemon_adopts_the_running_pgbouncer_and_stopping_it_leaves_no_process()
    {
        if (Skipped())
        {
            return;
        }

        var shop = await Cluster.ProvisionAsync("shop", "adopted", None);
        var first = await PgBouncer.StartAsync(Options, None);
        var pooled = await first.AddDatabaseAsync(shop, Transaction, None);
        var pid = first.ProcessId;
        Assert.True(ProcessTable.IsAlive(pid));
        if (Environment.IsPrivilegedProcess)
        {
            Assert.NotEqual(0, ProcessTable.UserId(pid)); // PgBouncer refuses root: it runs as the postgres user.
        }

        await using (var second = await PgBouncer.StartAsync(Options, None))
        {
            Assert.Equal((pid, first.Port), (second.ProcessId, second.Port));
            Assert.True((await second.CheckHealthAsync(pooled, None)).Healthy);
        }

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(first.IsRunning);
        await first.DisposeAsync();

        await using var third = await PgBouncer.StartAsync(Options, None);
        Assert.NotEqual(pid, third.ProcessId);
        Assert.Equal(first.Port, third.Port);
        Assert.True((await third.CheckHealthAsync(pooled, None)).Healthy); // the databases pooled before come back
        await third.StopAsync(None);
        Assert.False(ProcessTable.IsAlive(third.ProcessId));
        Assert.False((await third.CheckHealthAsync(pooled, None)).Healthy);
    }

    public void Dispose()
    {
        var pidFile = Path.Combine(Options.Directory, "pgbouncer.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && ProcessTable.IsAlive(pid))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string CreateTemporaryDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "runway-pgb-" + Guid.NewGuid().ToString("N")[..12]);
        // The postgres user must pass through it whatever the umask.
        Directory.CreateDirectory(directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    /// <summary>Transaction pooling keeps no session state: no automatic prepared statements, no reset on close.</summary>
    private static string ConnectionString(PostgresDatabase database) => new NpgsqlConnectionStringBuilder
    {
        Host = database.Host,
        Port = database.Port,
        Username = database.Role,
        Password = database.Password,
        Database = database.Database,
        Pooling = false,
        MaxAutoPrepare = 0,
        NoResetOnClose = true,
        Timeout = 15,
    }.ConnectionString;

    private static Task<NpgsqlConnection> OpenAsync(PostgresDatabase database) => TestSql.OpenAsync(ConnectionString(database));

    private static Task ExecuteAsync(NpgsqlConnection connection, string sql) => TestSql.ExecuteAsync(connection, sql);

    private static Task<object?> ScalarAsync(NpgsqlConnection connection, string sql) => TestSql.ScalarAsync(connection, sql);
}
