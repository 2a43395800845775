using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("INDEX.HTM", "text/html; charset=utf-8")]
    [InlineData("app.css", "text/css; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("mod.mjs", "text/javascript; charset=utf-8")]
    [InlineData("data.json", "application/json; charset=utf-8")]
    [InlineData("app.js.map", "application/json; charset=utf-8")]
    [InlineData("logo.svg", "image/svg+xml")]
    [InlineData("a.png", "image/png")]
    [InlineData("a.jpg", "image/jpeg")]
    [InlineData("a.jpeg", "image/jpeg")]
    [InlineData("a.gif", "image/gif")]
    [InlineData("a.webp", "image/webp")]
    [InlineData("a.avif", "image/avif")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("f.woff", "font/woff")]
    [InlineData("f.woff2", "font/woff2")]
    [InlineData("f.ttf", "font/ttf")]
    [InlineData("f.otf", "font/otf")]
    [InlineData("robots.txt", "text/plain; charset=utf-8")]
    [InlineData("sitemap.xml", "application/xml; charset=utf-8")]
    [InlineData("m.wasm", "application/wasm")]
    [InlineData("doc.pdf", "application/pdf")]
    [InlineData("v.mp4", "video/mp4")]
    [InlineData("v.webm", "video/webm")]
    [InlineData("s.mp3", "audio/mpeg")]
    [InlineData("site.webmanifest", "application/manifest+json; charset=utf-8")]
    [InlineData("file.unknownext", "application/octet-stream")]
    [InlineData("Makefile", "application/octet-stream")]
    [InlineData("trailingdot.", "application/octet-stream")]
    public void Extension_table_gives_the_content_type(string name, string expected) =>
        Assert.Equal(expected, MediaTypeTable.ForFileName("/dir.v2/" + name).ContentType.ToString());

    [Fact]
    public async Task Responses_carry_the_content_type_of_their_extension()
    {
        await using var site = await StartWithAsync(("page.html", "<p>x</p>"), ("style.css", "p{}"), ("blob.bin", "x"), ("photo.webp", "x"));

        foreach (var (path, type) in new[] { ("/page.html", "text/html; charset=utf-8"), ("/style.css", "text/css; charset=utf-8"), ("/blob.bin", "application/octet-stream"), ("/photo.webp", "image/webp") })
        {
            using var response = await site.GetAsync(path);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
        }
    }

    private static async Task<SiteFixture> StartWithAsync(params (string Path, string Text)[] files)
    {
        var site = new SiteFixture();
        foreach (var (path, text) in files)
        {
            site.Write(path, text);
        }

        return await site.StartAsync();
    }
}
