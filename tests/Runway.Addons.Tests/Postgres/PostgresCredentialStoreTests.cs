using Runway.Addons.Postgres;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostgresCredentialStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Credentials_round_trip_through_an_owner_only_file()
    {
        var store = new PostgresCredentialStore(_directory.File("cluster.credentials.json"));
        Assert.Null(store.Load());
        var cluster = new StoredCluster(5433, "super", []).With(new StoredDatabase("shop", "production", "shop_production", "shop_production", "secret"));
        store.Save(cluster);
        store.Save(cluster.With(new StoredDatabase("blog", "staging", "blog_staging", "blog_staging", "other")));

        var loaded = store.Load()!;
        Assert.Equal(5433, loaded.Port);
        Assert.Equal("secret", loaded.Find("shop", "production")!.Password);
        Assert.Equal("other", loaded.Find("blog", "staging")!.Password);
        Assert.Null(loaded.Without("blog", "staging").Find("blog", "staging"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.False(File.Exists(store.Path + ".tmp"));
    }

    [Fact]
    public void A_damaged_file_is_reported_with_its_path()
    {
        var path = _directory.Write("broken.json", "{\n  \"port\": ");
        var error = Assert.Throws<PostgresAddonException>(() => new PostgresCredentialStore(path).Load());
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }
}
