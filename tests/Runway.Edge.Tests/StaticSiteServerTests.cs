using System.Net;

namespace Runway.Edge.Tests;

public sealed class StaticSiteServerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("runway-site-").FullName;

    [Fact]
    public async Task Serves_index_clean_urls_and_the_404_page()
    {
        File.WriteAllText(Path.Combine(_root, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(_root, "about.html"), "<h1>about</h1>");
        File.WriteAllText(Path.Combine(_root, "404.html"), "<h1>missing</h1>");
        await using var server = await StaticFiles.StaticSiteServer.StartAsync(_root, 0, cleanUrls: true, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        Assert.Equal("<h1>home</h1>", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("<h1>about</h1>", await client.GetStringAsync(new Uri("/about", UriKind.Relative)));
        using var missing = await client.GetAsync(new Uri("/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("<h1>missing</h1>", await missing.Content.ReadAsStringAsync());
        using var traversal = await client.GetAsync(new Uri("/..%2f..%2fetc/passwd", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
