using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

public sealed class CacheControlTests
{
    [Theory]
    [InlineData("app.3f9a1c2b.js")]
    [InlineData("main.3f9a1c2b4e5d6f7a8b9c.chunk.js")]
    [InlineData("index-BdX3kL9q.css")]
    [InlineData("index-B-1xZ_3a.js")]
    [InlineData("_app-0123456789abcdef.js")]
    [InlineData("assets/vendor-a1b2c3d4.js")]
    [InlineData("3f9a1c2b.js")]
    [InlineData("logo.8c7f2e91.svg")]
    public void Names_with_a_content_hash_are_recognised(string name) => Assert.True(ContentHashedName.IsHashed(name));

    [Theory]
    [InlineData("app.js")]
    [InlineData("my-component.js")]
    [InlineData("about-products.css")]
    [InlineData("report-2024-01-15.pdf")]
    [InlineData("jquery.min.js")]
    [InlineData("ui-MyButton.js")]
    [InlineData("blog-post-12345678.html")]
    [InlineData("deadbeef.js")]
    [InlineData("noextension")]
    [InlineData("dir.3f9a1c2b/app.js")]
    public void Ordinary_names_are_not_taken_for_hashed(string name) => Assert.False(ContentHashedName.IsHashed(name));

    [Fact]
    public async Task Hashed_assets_are_immutable_html_and_others_revalidate()
    {
        await using var site = new SiteFixture();
        site.Write("assets/index-BdX3kL9q.js", "x");
        site.Write("page.3f9a1c2b.html", "<p>x</p>");
        site.Write("index.html", "<p>x</p>");
        site.Write("robots.txt", "x");
        await site.StartAsync();

        Assert.Equal("public, max-age=31536000, immutable", await CacheControlAsync(site, "/assets/index-BdX3kL9q.js"));
        Assert.Equal("public, max-age=0, must-revalidate", await CacheControlAsync(site, "/page.3f9a1c2b.html"));
        Assert.Equal("public, max-age=0, must-revalidate", await CacheControlAsync(site, "/"));
        Assert.Equal("public, max-age=0, must-revalidate", await CacheControlAsync(site, "/robots.txt"));
    }

    [Fact]
    public async Task Cache_control_defaults_come_from_the_options()
    {
        await using var site = new SiteFixture();
        site.Write("app.3f9a1c2b.js", "x");
        site.Write("robots.txt", "x");
        await site.StartAsync(new StaticFileServingOptions { HashedFileCacheControl = "public, max-age=60", DefaultCacheControl = "no-cache" });

        Assert.Equal("public, max-age=60", await CacheControlAsync(site, "/app.3f9a1c2b.js"));
        Assert.Equal("no-cache", await CacheControlAsync(site, "/robots.txt"));
    }

    private static async Task<string> CacheControlAsync(SiteFixture site, string path)
    {
        using var response = await site.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        return SiteFixture.RawHeader(response, "Cache-Control");
    }
}
