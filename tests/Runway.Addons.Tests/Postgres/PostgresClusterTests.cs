using System.Text.Json;
using Npgsql;
using Runway.Addons.Postgres;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Postgres;

/// <summary>A real PostgreSQL 15 cluster: provisioning, isolation between apps, health, stop and restart.</summary>
public sealed class PostgresClusterTests(PostgresClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private PostgresCluster Cluster => fixture.Cluster!;

    private bool Skipped()
    {
        if (PostgresClusterFixture.Available)
        {
            return false;
        }

        output.WriteLine(PostgresClusterFixture.SkipMessage);
        return true;
    }

    [Fact]
    public async Task Each_app_writes_through_its_own_url_and_cannot_reach_another_apps_database()
    {
        if (Skipped())
        {
            return;
        }

        var shop = await Cluster.ProvisionAsync("shop", "production", None);
        var blog = await Cluster.ProvisionAsync("Blog", "preview-new-theme", None);
        Assert.Equal(("shop_production", "shop_production"), (shop.Database, shop.Role));
        Assert.Equal("blog_preview_new_theme", blog.Database);

        foreach (var database in new[] { shop, blog })
        {
            await using var connection = await OpenAsync(FromUrl(database.Variables["DATABASE_URL"]));
            await ExecuteAsync(connection, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('hello')");
            Assert.Equal("hello", await ScalarAsync(connection, "SELECT body FROM notes"));
            Assert.Equal(database.Role, await ScalarAsync(connection, "SELECT current_user"));
        }

        // Each role may connect only to its own database: PUBLIC lost CONNECT, also on the maintenance databases.
        foreach (var (from, to) in new[] { (shop, blog.Database), (blog, shop.Database), (shop, "postgres"), (shop, "template1") })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(FromUrl(from.ConnectionUrl, database: to)));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        var wrongPassword = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(FromUrl(shop.ConnectionUrl, password: "guess")));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, wrongPassword.SqlState);
    }

    [Fact]
    public async Task Provisioning_again_returns_the_same_password_which_the_server_keeps_only_as_a_verifier()
    {
        if (Skipped())
        {
            return;
        }

        var first = await Cluster.ProvisionAsync("api", "staging", None);
        var again = await Cluster.ProvisionAsync("api", "staging", None);
        Assert.Equal(first, again);
        Assert.Equal(43, first.Password.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Cluster.CredentialsFile));

        await using var superuser = await OpenAsSuperuserOverTcpAsync(first.Database);
        var stored = (string)(await ScalarAsync(superuser, $"SELECT rolpassword FROM pg_authid WHERE rolname = '{first.Role}'"))!;
        Assert.StartsWith("SCRAM-SHA-256$4096:", stored, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(superuser, $"SELECT count(*) FROM pg_stat_statements WHERE strpos(query, '{first.Password}') > 0"));
        Assert.Equal(false, await ScalarAsync(superuser, $"SELECT rolcreatedb OR rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = '{first.Role}'"));
    }

    [Fact]
    public async Task Pg_stat_statements_is_loaded_and_the_settings_are_the_tuned_ones()
    {
        if (Skipped())
        {
            return;
        }

        var app = await Cluster.ProvisionAsync("stats", "production", None);
        await using var connection = await OpenAsync(FromUrl(app.ConnectionUrl));
        // The view refuses to answer unless the library was loaded at server start (shared_preload_libraries).
        Assert.IsType<long>(await ScalarAsync(connection, "SELECT count(*) FROM pg_stat_statements"));
        Assert.Equal("256MB", await ScalarAsync(connection, "SHOW shared_buffers"));
        Assert.Equal("768MB", await ScalarAsync(connection, "SHOW effective_cache_size"));
        Assert.Equal("100", await ScalarAsync(connection, "SHOW max_connections"));
        Assert.Equal("127.0.0.1", await ScalarAsync(connection, "SHOW listen_addresses"));
        Assert.Equal("replica", await ScalarAsync(connection, "SHOW wal_level"));
        Assert.Equal("UTF8", await ScalarAsync(connection, "SHOW server_encoding"));
    }

    [Fact]
    public async Task Health_is_a_real_query_through_the_apps_role()
    {
        if (Skipped())
        {
            return;
        }

        await Cluster.ProvisionAsync("health", "production", None);
        var healthy = await Cluster.CheckHealthAsync("health", "production", None);
        Assert.True(healthy.Healthy, healthy.Problem);
        Assert.Null(healthy.Problem);
        Assert.True(healthy.Latency > TimeSpan.Zero);

        var unknown = await Cluster.CheckHealthAsync("nobody", "production", None);
        Assert.False(unknown.Healthy);
        Assert.Contains("nobody (production)", unknown.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropping_removes_database_and_role_and_a_new_provision_gets_a_new_password()
    {
        if (Skipped())
        {
            return;
        }

        var before = await Cluster.ProvisionAsync("scratch", "preview-x", None);
        await using (var connection = await OpenAsync(FromUrl(before.ConnectionUrl)))
        {
            await ExecuteAsync(connection, "CREATE TABLE leftover (n int)");
            // A session still open is disconnected by the drop (DROP DATABASE ... WITH (FORCE)).
            await Cluster.DropAsync("scratch", "preview-x", None);
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(FromUrl(before.ConnectionUrl)));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        Assert.False((await Cluster.CheckHealthAsync("scratch", "preview-x", None)).Healthy);
        await Cluster.DropAsync("scratch", "preview-x", None);

        var after = await Cluster.ProvisionAsync("scratch", "preview-x", None);
        Assert.NotEqual(before.Password, after.Password);
        await using var fresh = await OpenAsync(FromUrl(after.ConnectionUrl));
        Assert.Equal(true, await ScalarAsync(fresh, "SELECT to_regclass('leftover') IS NULL"));
    }

    [Fact]
    public async Task Stop_leaves_no_process_and_a_restart_keeps_data_port_and_passwords()
    {
        if (Skipped())
        {
            return;
        }

        var app = await Cluster.ProvisionAsync("keep", "production", None);
        await using (var connection = await OpenAsync(FromUrl(app.ConnectionUrl)))
        {
            await ExecuteAsync(connection, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
        }

        var postmaster = Cluster.ServerProcessId!.Value;
        var children = ProcessTable.ChildrenOf(postmaster);
        Assert.NotEmpty(children);
        if (Environment.IsPrivilegedProcess)
        {
            // PostgreSQL refuses root: the server runs as the postgres system user.
            Assert.NotEqual(0, ProcessTable.UserId(postmaster));
        }

        var port = Cluster.Port;
        await Cluster.StopAsync(None);
        Assert.False(ProcessTable.IsAlive(postmaster), "the postmaster still runs after stop");
        Assert.DoesNotContain(children, ProcessTable.IsAlive);
        Assert.False((await Cluster.CheckHealthAsync("keep", "production", None)).Healthy);

        fixture.Cluster = await PostgresCluster.StartAsync(fixture.Options, None);
        Assert.Equal(port, Cluster.Port);
        Assert.Equal(app, await Cluster.ProvisionAsync("keep", "production", None));
        await using (var connection = await OpenAsync(FromUrl(app.ConnectionUrl)))
        {
            Assert.Equal(42, await ScalarAsync(connection, "SELECT n FROM kept"));
        }

        // A second start on a running data directory adopts the server instead of failing.
        var adopted = await PostgresCluster.StartAsync(fixture.Options, None);
        Assert.Equal((Cluster.Port, Cluster.ServerProcessId), (adopted.Port, adopted.ServerProcessId));
        Assert.True((await adopted.CheckHealthAsync("keep", "production", None)).Healthy);
    }

    [Fact]
    public async Task A_directory_that_is_not_a_cluster_is_refused_with_the_reason()
    {
        if (Skipped())
        {
            return;
        }

        var directory = Path.Combine(Path.GetTempPath(), "runway-pg-notdata-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "photo.jpg"), "x");
            var error = await Assert.ThrowsAsync<PostgresAddonException>(() => PostgresCluster.StartAsync(new PostgresClusterOptions(directory), None));
            Assert.Contains("not a PostgreSQL data directory", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_with_the_servers_own_explanation()
    {
        if (Skipped())
        {
            return;
        }

        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        var directory = Path.Combine(Path.GetTempPath(), "runway-pg-busy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        try
        {
            var options = fixture.Options with { DataDirectory = Path.Combine(directory, "data"), Port = port };
            var error = await Assert.ThrowsAsync<PostgresAddonException>(() => PostgresCluster.StartAsync(options, None));
            output.WriteLine(error.Message);
            Assert.Contains("starting the PostgreSQL server", error.Message, StringComparison.Ordinal);
            Assert.Contains("pg_ctl start", error.Message, StringComparison.Ordinal);
            Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
            Assert.Null(PostmasterPidFile.Read(options.DataDirectory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The connection an app would make from DATABASE_URL alone.</summary>
    private static NpgsqlConnectionStringBuilder FromUrl(string url, string? database = null, string? password = null)
    {
        var uri = new Uri(url);
        Assert.Equal("postgresql", uri.Scheme);
        var user = uri.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = password ?? Uri.UnescapeDataString(user[1]),
            Database = database ?? Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Pooling = false,
            SslMode = SslMode.Disable,
        };
    }

    /// <summary>The superuser over TCP with the password from the credentials file, as a backup job would connect.</summary>
    private async Task<NpgsqlConnection> OpenAsSuperuserOverTcpAsync(string database)
    {
        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Cluster.CredentialsFile));
        var superuser = Cluster.Superuser(database);
        Assert.Equal(superuser.Password, credentials.RootElement.GetProperty("superuserPassword").GetString());
        return await OpenAsync(FromUrl(superuser.ConnectionUrl));
    }

    private static Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder) => TestSql.OpenAsync(builder.ConnectionString);

    private static Task ExecuteAsync(NpgsqlConnection connection, string sql) => TestSql.ExecuteAsync(connection, sql);

    private static Task<object?> ScalarAsync(NpgsqlConnection connection, string sql) => TestSql.ScalarAsync(connection, sql);
}
