using System.IO.Compression;
using System.Net;
using System.Text;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the site through IAsyncLifetime.")]
public sealed class CompressionTests : IAsyncLifetime
{
    private static readonly string Script = string.Concat(Enumerable.Range(0, 300).Select(i => $"export const value{i} = {i * 7};\n"));
    private readonly SiteFixture _site = new();

    public async Task InitializeAsync()
    {
        _site.Write("app.js", Script);
        _site.Write("pre.js", Script);
        // The siblings hold marker bytes rather than real compressed data, so the test can see which file was sent.
        _site.Write("pre.js.br", "BROTLI-SIBLING");
        _site.Write("pre.js.gz", "GZIP-SIBLING");
        _site.Write("tiny.css", "p{margin:0}");
        _site.Write("image.png", Enumerable.Repeat((byte)7, 5000).ToArray());
        _site.Write("random.txt", RandomBytes(4000, seed: 1));
        await _site.StartAsync(new StaticFileServingOptions { CachedCompressionMaxLength = 64 * 1024 });
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("br", "BROTLI-SIBLING", "br")]
    [InlineData("gzip", "GZIP-SIBLING", "gzip")]
    [InlineData("gzip, deflate, br", "BROTLI-SIBLING", "br")]
    [InlineData("br;q=0.5, gzip;q=0.8", "GZIP-SIBLING", "gzip")]
    [InlineData("gzip;q=0.5, br;q=0.5", "BROTLI-SIBLING", "br")]
    [InlineData("br;q=0, gzip", "GZIP-SIBLING", "gzip")]
    [InlineData("*", "BROTLI-SIBLING", "br")]
    [InlineData("*;q=0.2, br;q=0", "GZIP-SIBLING", "gzip")]
    public async Task Precompressed_siblings_are_chosen_by_accept_encoding(string acceptEncoding, string body, string encoding)
    {
        using var response = await _site.GetAsync("/pre.js", ("Accept-Encoding", acceptEncoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("br;q=0, gzip;q=0")]
    [InlineData("deflate")]
    public async Task Without_an_acceptable_coding_the_file_is_sent_as_is(string? acceptEncoding)
    {
        using var response = acceptEncoding is null
            ? await _site.GetAsync("/pre.js")
            : await _site.GetAsync("/pre.js", ("Accept-Encoding", acceptEncoding));

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Script, await response.Content.ReadAsStringAsync());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Compressed_here_decompresses_to_the_original(string encoding)
    {
        for (var round = 0; round < 2; round++)
        {
            using var response = await _site.GetAsync("/app.js", ("Accept-Encoding", encoding));

            Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
            var compressed = await response.Content.ReadAsByteArrayAsync();
            Assert.True(compressed.Length < Script.Length / 3, $"{compressed.Length} bytes");
            Assert.Equal(compressed.Length, response.Content.Headers.ContentLength);
            Assert.Equal(Script, Encoding.UTF8.GetString(Decompress(compressed, encoding)));
        }
    }

    [Fact]
    public async Task Each_coding_has_its_own_etag_and_a_304_needs_that_etag()
    {
        using var identity = await _site.GetAsync("/app.js");
        using var brotli = await _site.GetAsync("/app.js", ("Accept-Encoding", "br"));
        using var gzip = await _site.GetAsync("/app.js", ("Accept-Encoding", "gzip"));
        var tags = new[] { identity.Headers.ETag!.Tag, brotli.Headers.ETag!.Tag, gzip.Headers.ETag!.Tag };

        using var revalidated = await _site.GetAsync("/app.js", ("Accept-Encoding", "br"), ("If-None-Match", tags[1]));
        using var otherCoding = await _site.GetAsync("/app.js", ("Accept-Encoding", "br"), ("If-None-Match", tags[2]));

        Assert.Equal(3, tags.Distinct().Count());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Contains("Accept-Encoding", revalidated.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, otherCoding.StatusCode);
    }

    [Fact]
    public async Task Head_of_a_compressed_response_has_its_length_and_no_body()
    {
        using var get = await _site.GetAsync("/app.js", ("Accept-Encoding", "br"));
        using var head = await _site.SendAsync(HttpMethod.Head, "/app.js", ("Accept-Encoding", "br"));

        Assert.Equal("br", head.Content.Headers.ContentEncoding.Single());
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/tiny.css")] // below the 1 KB threshold
    [InlineData("/image.png")] // not a compressible type
    [InlineData("/random.txt")] // compressible type, incompressible bytes
    public async Task Small_binary_or_incompressible_files_are_not_compressed(string path)
    {
        for (var round = 0; round < 2; round++)
        {
            using var response = await _site.GetAsync(path, ("Accept-Encoding", "br, gzip"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Equal(File.ReadAllBytes(Path.Combine(_site.Root, path.TrimStart('/'))), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Vary_accept_encoding_is_sent_only_for_compressible_types()
    {
        using var css = await _site.GetAsync("/tiny.css");
        using var png = await _site.GetAsync("/image.png");

        Assert.Contains("Accept-Encoding", css.Headers.Vary);
        Assert.Empty(png.Headers.Vary);
    }

    internal static byte[] Decompress(byte[] compressed, string encoding)
    {
        using var input = new MemoryStream(compressed);
        using Stream decompressor = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
