using Runway.Addons.Postgres.Pooling;

namespace Runway.Addons.Tests.Postgres.Pooling;

public sealed class PgBouncerFilesTests
{
    [Fact]
    public void Each_database_gets_its_own_pool_mode_and_size_and_no_forced_user()
    {
        var files = new PgBouncerFiles("/home/runway/addons/postgres/pgbouncer");
        var state = new PgBouncerState(6432,
        [
            new PgBouncerEntry("shop_production", "shop_production", "pw1", "127.0.0.1", 5433, PgBouncerPoolMode.Transaction, 2),
            new PgBouncerEntry("blog_production", "blog_production", "pw\"2", "127.0.0.1", 5433, PgBouncerPoolMode.Session, 20),
        ]);

        var ini = files.ConfigText(state, 500).Split('\n');
        Assert.Contains("shop_production = host=127.0.0.1 port=5433 dbname=shop_production pool_mode=transaction pool_size=2", ini);
        Assert.Contains("blog_production = host=127.0.0.1 port=5433 dbname=blog_production pool_mode=session pool_size=20", ini);
        Assert.DoesNotContain(ini, line => line.Contains("user=", StringComparison.Ordinal));
        Assert.Contains("listen_addr = 127.0.0.1", ini);
        Assert.Contains("listen_port = 6432", ini);
        Assert.Contains("auth_type = hba", ini);
        Assert.Equal(
            "# Written by Runway; anything not listed is rejected.\nhost blog_production blog_production 127.0.0.1/32 scram-sha-256\nhost shop_production shop_production 127.0.0.1/32 scram-sha-256\n",
            PgBouncerFiles.HbaText(state.Entries));
        Assert.Contains("auth_file = /home/runway/addons/postgres/pgbouncer/userlist.txt", ini);
        Assert.Contains("max_client_conn = 500", ini);

        Assert.Equal("\"blog_production\" \"pw\"\"2\"\n\"shop_production\" \"pw1\"\n", PgBouncerFiles.UserListText(state.Entries));
    }
}
