using Runway.Addons.Redis;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Redis;

public sealed class RedisConfigFileTests
{
    [Theory]
    [InlineData(RedisPersistence.Rdb, "appendonly no", "save 3600 1 300 100 60 10000")]
    [InlineData(RedisPersistence.Aof, "appendonly yes", "save \"\"")]
    [InlineData(RedisPersistence.None, "appendonly no", "save \"\"")]
    public void The_config_binds_loopback_with_the_password_limit_policy_and_persistence(RedisPersistence persistence, string appendOnly, string save)
    {
        using var temp = new TempDirectory();
        var files = RedisFiles.Prepare(temp.Combine("cache"));
        var settings = new RedisSettings { MaxMemoryBytes = 128L * 1024 * 1024, EvictionPolicy = "noeviction", Persistence = persistence };

        var lines = RedisConfigFile.Render("cache", files, 6400, "p4ss", settings).Split('\n');

        Assert.Contains("bind 127.0.0.1", lines);
        Assert.Contains("protected-mode yes", lines);
        Assert.Contains("port 6400", lines);
        Assert.Contains("daemonize no", lines);
        Assert.Contains("requirepass \"p4ss\"", lines);
        Assert.Contains("enable-debug-command local", lines);
        Assert.Contains("maxmemory 134217728", lines);
        Assert.Contains("maxmemory-policy noeviction", lines);
        Assert.Contains($"dir \"{files.Directory}\"", lines);
        Assert.Contains("dbfilename \"dump.rdb\"", lines);
        Assert.Contains($"pidfile \"{files.Directory}/redis.pid\"", lines);
        Assert.Contains(appendOnly, lines);
        Assert.Contains(save, lines);
        Assert.Equal(6400, RedisConfigFile.ReadPort(temp.Write("redis.conf", string.Join('\n', lines))));
    }

    [Fact]
    public void Quoting_escapes_what_redis_conf_would_read_as_syntax()
    {
        Assert.Equal("\"/srv/a b/\\\"q\\\"\\\\x\\x0a\"", RedisConfigFile.Quote("/srv/a b/\"q\"\\x\n"));
    }

    [Fact]
    public void A_name_with_a_newline_cannot_add_a_directive()
    {
        using var temp = new TempDirectory();
        var files = RedisFiles.Prepare(temp.Path);

        var text = RedisConfigFile.Render("x\nport 1", files, 6400, "p4ss", new RedisSettings());

        Assert.DoesNotContain("\nport 1\n", text, StringComparison.Ordinal);
        Assert.Equal(6400, RedisConfigFile.ReadPort(temp.Write("redis.conf", text)));
    }

    [Fact]
    public void The_password_is_made_once_with_mode_0600_and_kept()
    {
        using var temp = new TempDirectory();
        var files = RedisFiles.Prepare(temp.Combine("cache"));

        var password = files.LoadOrCreatePassword();

        Assert.Matches("^[0-9a-f]{64}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.PasswordFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(files.Directory));
        Assert.Equal(password, RedisFiles.Prepare(temp.Combine("cache")).LoadOrCreatePassword());
    }

    [Fact]
    public void A_password_file_that_runway_did_not_write_is_an_error_not_a_silent_new_password()
    {
        using var temp = new TempDirectory();
        temp.Write("redis.password", "with space and \"quotes\"");

        var error = Assert.Throws<RedisAddonException>(() => RedisFiles.Prepare(temp.Path).LoadOrCreatePassword());

        Assert.Contains("delete it to have a new one made", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_directory_is_known_by_its_real_path()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("real"));
        Directory.CreateSymbolicLink(temp.Combine("link"), temp.Combine("real"));

        Assert.Equal(RedisFiles.RealPath(temp.Combine("real", "cache")), RedisFiles.Prepare(temp.Combine("link", "cache")).Directory);
    }

    [Fact]
    public void No_port_without_a_config()
    {
        using var temp = new TempDirectory();

        Assert.Null(RedisConfigFile.ReadPort(temp.Combine("redis.conf")));
    }
}
