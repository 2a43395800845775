using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostgresDatabaseTests
{
    private static readonly PostgresDatabase Database = new("shop_production", "shop_production", "p@ss:w/rd?#", "127.0.0.1", 5433);

    [Fact]
    public void The_url_percent_encodes_the_password()
    {
        Assert.Equal("postgresql://shop_production:p%40ss%3Aw%2Frd%3F%23@127.0.0.1:5433/shop_production", Database.ConnectionUrl);
        var uri = new Uri(Database.ConnectionUrl);
        Assert.Equal("p@ss:w/rd?#", Uri.UnescapeDataString(uri.UserInfo.Split(':')[1]));
    }

    [Fact]
    public void The_variables_are_database_url_and_libpqs_own()
    {
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["DATABASE_URL"] = Database.ConnectionUrl,
                ["PGHOST"] = "127.0.0.1",
                ["PGPORT"] = "5433",
                ["PGUSER"] = "shop_production",
                ["PGPASSWORD"] = "p@ss:w/rd?#",
                ["PGDATABASE"] = "shop_production",
            },
            Database.Variables);
    }

    [Fact]
    public void Printing_the_record_does_not_show_the_password()
    {
        Assert.DoesNotContain("p@ss", Database.ToString(), StringComparison.Ordinal);
        Assert.Contains("shop_production", Database.ToString(), StringComparison.Ordinal);
    }
}
