using System.Net;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

public sealed class StaticSiteServerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("runway-site-").FullName;

    [Fact]
    public async Task Serves_index_clean_urls_and_the_404_page()
    {
        File.WriteAllText(Path.Combine(_root, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(_root, "about.html"), "<h1>about</h1>");
        File.WriteAllText(Path.Combine(_root, "404.html"), "<h1>missing</h1>");
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        File.WriteAllText(Path.Combine(_root, "docs", "index.html"), "<h1>docs</h1>");
        await using var server = await StaticSiteServer.StartAsync(_root, 0, cleanUrls: true, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        Assert.Equal("<h1>home</h1>", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("<h1>about</h1>", await client.GetStringAsync(new Uri("/about", UriKind.Relative)));
        Assert.Equal("<h1>docs</h1>", await client.GetStringAsync(new Uri("/docs", UriKind.Relative)));
        Assert.Equal("<h1>docs</h1>", await client.GetStringAsync(new Uri("/docs/", UriKind.Relative)));
        using var missing = await client.GetAsync(new Uri("/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("<h1>missing</h1>", await missing.Content.ReadAsStringAsync());
        Assert.Null(missing.Headers.ETag);
        using var traversal = await client.GetAsync(new Uri("/..%2f..%2fetc/passwd", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    [Fact]
    public async Task Without_clean_urls_or_a_404_page_misses_get_a_plain_404()
    {
        File.WriteAllText(Path.Combine(_root, "about.html"), "<h1>about</h1>");
        await using var server = await StaticSiteServer.StartAsync(_root, 0, cleanUrls: false, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var response = await client.GetAsync(new Uri("/about", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404: NOT_FOUND\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task The_404_page_is_compressed_but_not_conditional()
    {
        File.WriteAllText(Path.Combine(_root, "404.html"), string.Concat(Enumerable.Repeat("<p>not here</p>\n", 200)));
        await using var server = await StaticSiteServer.StartAsync(_root, 0, cleanUrls: false, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/nope", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Null(response.Headers.ETag);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
