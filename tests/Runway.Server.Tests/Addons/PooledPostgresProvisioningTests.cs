using System.Diagnostics;
using Npgsql;
using Runway.Build;
using Runway.Model;
using Runway.Server.Addons;
using Runway.Server.Progress;

namespace Runway.Server.Tests.Addons;

/// <summary>A PostgreSQL add-on with <c>pooling</c>: a real cluster and a real PgBouncer under a temporary Runway home.</summary>
public sealed class PooledPostgresProvisioningTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "runway-pool-" + Guid.NewGuid().ToString("N")[..12]);

    private static bool Available => File.Exists("/usr/lib/postgresql/15/bin/initdb") && File.Exists("/usr/sbin/pgbouncer");

    [Fact]
    public async Task Database_url_goes_through_pgbouncer_and_the_direct_url_to_the_server()
    {
        if (!Available)
        {
            return;
        }

        Directory.CreateDirectory(_home);
        var db = new AddonSpec("db", AddonKind.Postgres, new ValueMap([new("pooling", "transaction"), new("pool_size", "3")]));
        var app = new AppSpec("shop", _home, "production", [], [], [db], new ValueMap([]));
        int bouncerPid;
        await using (var provisioner = new AddonProvisioner(new RunwayHome(_home), TimeProvider.System))
        {
            var variables = (await provisioner.ProvisionAsync(app, new Silent(), CancellationToken.None))!["db"];
            var pooled = new Uri(variables["DATABASE_URL"]);
            var direct = new Uri(variables["DATABASE_DIRECT_URL"]);
            Assert.Equal(provisioner.RunningPostgres!.Port, direct.Port);
            Assert.NotEqual(direct.Port, pooled.Port);
            Assert.Equal(pooled.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), variables["PGPORT"]);

            foreach (var url in new[] { pooled, direct })
            {
                await using var connection = new NpgsqlConnection(ConnectionString(url));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_database()", connection);
                Assert.Equal("shop_production", await command.ExecuteScalarAsync());
            }

            var health = Assert.Single(await provisioner.CheckHealthAsync(app, CancellationToken.None));
            Assert.True(health.Healthy, health.Problem);
            bouncerPid = int.Parse(File.ReadAllText(Path.Combine(_home, "addons", "postgres", "pgbouncer", "pgbouncer.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(IsAlive(bouncerPid));
        }

        Assert.False(IsAlive(bouncerPid));
    }

    [Fact]
    public async Task A_wrong_pooling_value_fails_provisioning_and_names_the_setting()
    {
        var db = new AddonSpec("db", AddonKind.Postgres, new ValueMap([new("pooling", "statement")]));
        var app = new AppSpec("shop", _home, "production", [], [], [db], new ValueMap([]));
        var progress = new Silent();
        await using var provisioner = new AddonProvisioner(new RunwayHome(_home), TimeProvider.System);
        Assert.Null(await provisioner.ProvisionAsync(app, progress, CancellationToken.None));
        var error = Assert.Single(progress.Errors);
        Assert.Contains("[addons.db]: pooling = \"statement\"", error, StringComparison.Ordinal);
        Assert.Null(provisioner.RunningPostgres); // checked before anything starts
    }

    public void Dispose()
    {
        // Whatever a failed test left running in this home is killed by its pid files.
        foreach (var pidFile in new[] { Path.Combine(_home, "addons", "postgres", "pgbouncer", "pgbouncer.pid"), Path.Combine(_home, "addons", "postgres", "data", "postmaster.pid") })
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid) && IsAlive(pid))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }

        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    private static string ConnectionString(Uri url)
    {
        var credentials = url.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port,
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = Uri.UnescapeDataString(credentials[1]),
            Database = url.AbsolutePath.TrimStart('/'),
            Pooling = false,
            MaxAutoPrepare = 0,
            NoResetOnClose = true,
        }.ConnectionString;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed class Silent : IProgressReporter
    {
        public List<string> Errors { get; } = [];

        public void Step(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Error(string message) => Errors.Add(message);

        public void Line(string source, string line)
        {
        }

        public void Detail(string text)
        {
        }
    }
}
