using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostgresConfigFilesTests
{
    [Fact]
    public void Settings_listen_on_loopback_load_pg_stat_statements_and_carry_the_tuning()
    {
        var lines = PostgresConfigFiles.Settings(PostgresTuning.For(4L << 30, 2), 54321, "/var/lib/runway/addons/it's").Split('\n');
        Assert.Contains("listen_addresses = '127.0.0.1'", lines);
        Assert.Contains("port = 54321", lines);
        Assert.Contains("unix_socket_directories = '/var/lib/runway/addons/it''s'", lines);
        Assert.Contains("shared_preload_libraries = 'pg_stat_statements'", lines);
        Assert.Contains("wal_level = replica", lines);
        Assert.Contains("shared_buffers = 1024MB", lines);
        Assert.Contains("max_connections = 100", lines);
        Assert.Contains("password_encryption = 'scram-sha-256'", lines);
    }

    [Fact]
    public void Only_the_superuser_may_use_peer_authentication_and_tcp_always_needs_a_scram_password()
    {
        var rules = PostgresConfigFiles.HostBasedAuthentication()
            .Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.All(rules.Where(r => r[0] == "host"), r => Assert.Equal("scram-sha-256", r[^1]));
        Assert.All(rules.Where(r => r[0] == "host"), r => Assert.Equal("127.0.0.1/32", r[3]));
        Assert.All(rules.Where(r => r.Contains("peer")), r => Assert.Equal(("local", "postgres"), (r[0], r[2])));
        Assert.DoesNotContain(rules, r => r.Contains("trust"));
    }

    [Fact]
    public void The_ident_map_lets_root_and_the_cluster_user_act_as_the_superuser()
    {
        Assert.Equal(
            ["runway  postgres  postgres", "runway  root  postgres"],
            PostgresConfigFiles.IdentMap("postgres").Split('\n').Where(l => l.StartsWith("runway", StringComparison.Ordinal)));
        Assert.Single(PostgresConfigFiles.IdentMap("root").Split('\n'), l => l.StartsWith("runway", StringComparison.Ordinal));
    }
}
