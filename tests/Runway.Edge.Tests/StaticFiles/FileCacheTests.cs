using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Runway.Edge.StaticFiles;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.StaticFiles;

public sealed class FileCacheTests
{
    [Fact]
    public async Task Small_files_are_served_from_memory_until_the_next_stat_shows_a_change()
    {
        await using var site = new SiteFixture();
        var path = site.Write("page.html", "version one");
        var modified = File.GetLastWriteTimeUtc(path);
        await site.StartAsync();
        Assert.Equal("version one", await BodyAsync(site, "/page.html"));

        // Same size, same mtime: only the kept bytes can still say "one" after this.
        File.WriteAllText(path, "version two");
        File.SetLastWriteTimeUtc(path, modified);
        Assert.Equal("version one", await BodyAsync(site, "/page.html"));

        File.SetLastWriteTimeUtc(path, modified.AddSeconds(3));
        Assert.Equal("version one", await BodyAsync(site, "/page.html"));
        site.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("version two", await BodyAsync(site, "/page.html"));
    }

    [Fact]
    public async Task A_size_change_is_seen_after_the_revalidation_interval()
    {
        await using var site = new SiteFixture();
        var path = site.Write("data.json", "{\"v\":1}");
        await site.StartAsync();
        using var before = await site.GetAsync("/data.json");

        File.WriteAllText(path, "{\"v\":22222}");
        site.Time.Advance(TimeSpan.FromSeconds(1.5));
        using var after = await site.GetAsync("/data.json");

        Assert.Equal("{\"v\":22222}", await after.Content.ReadAsStringAsync());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task A_file_created_or_deleted_is_seen_after_the_revalidation_interval()
    {
        await using var site = new SiteFixture();
        await site.StartAsync();
        using var missing = await site.GetAsync("/late.txt");
        site.Write("late.txt", "here now");
        site.Time.Advance(TimeSpan.FromSeconds(1));
        using var created = await site.GetAsync("/late.txt");
        File.Delete(Path.Combine(site.Root, "late.txt"));
        site.Time.Advance(TimeSpan.FromSeconds(1));
        using var deleted = await site.GetAsync("/late.txt");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("here now", await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task A_file_changed_before_its_bytes_were_read_is_looked_up_again()
    {
        // The first request only stats; the body is read on a GET, which finds the new size and looks again.
        await using var site = new SiteFixture();
        var path = site.Write("a.txt", "short");
        await site.StartAsync();
        using var head = await site.SendAsync(HttpMethod.Head, "/a.txt");
        File.WriteAllText(path, "a longer body");

        Assert.Equal("a longer body", await BodyAsync(site, "/a.txt"));
    }

    [Fact]
    public async Task Memory_kept_stays_within_the_budget_and_files_beyond_it_are_still_served()
    {
        using var root = new TempDirectory();
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllBytes(Path.Combine(root.Path, $"f{i}.bin"), CompressionTests.RandomBytes(1000, seed: i));
        }

        var handler = new StaticFileHandler(root.Path, new StaticFileServingOptions { MemoryCacheMaxBytes = 4500 });
        for (var i = 0; i < 20; i++)
        {
            var context = NewContext();
            Assert.Equal(StaticFileResult.Served, await handler.ServeAsync(context, $"/f{i}.bin"));
            Assert.Equal(CompressionTests.RandomBytes(1000, seed: i), ((MemoryStream)context.Response.Body).ToArray());
            Assert.InRange(handler.CachedBytes, 1000, 4500);
        }
    }

    [Fact]
    public void Remembered_paths_are_bounded_and_files_outlive_missing_paths()
    {
        using var root = new TempDirectory();
        File.WriteAllText(Path.Combine(root.Path, "keep.txt"), "x");
        var cache = new SiteFileCache(root.Path, new StaticFileServingOptions { MaxCachedPaths = 10 }, TimeProvider.System);
        var kept = cache.Get("/keep.txt");

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(EntryKind.Missing, cache.Get($"/missing-{i}").Kind);
            Assert.InRange(cache.CachedPaths, 1, 10);
        }

        Assert.Same(kept, cache.Get("/keep.txt"));
    }

    [Fact]
    public async Task Large_files_are_streamed_from_disk_with_the_exact_bytes()
    {
        await using var site = new SiteFixture();
        var bytes = CompressionTests.RandomBytes((3 * 1024 * 1024) + 17, seed: 42);
        site.Write("video.mp4", bytes);
        await site.StartAsync();

        using var whole = await site.GetAsync("/video.mp4");
        using var part = await site.GetAsync("/video.mp4", ("Range", "bytes=1000000-2100000"));

        Assert.Equal(bytes.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes.AsSpan(1_000_000, 1_100_001).ToArray(), await part.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Large_compressible_files_are_compressed_while_sent(string encoding)
    {
        await using var site = new SiteFixture();
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"row {i} {i % 13}\n"));
        site.Write("big.txt", text);
        await site.StartAsync(new StaticFileServingOptions { CachedCompressionMaxLength = 64 * 1024 });

        using var response = await site.GetAsync("/big.txt", ("Accept-Encoding", encoding));

        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(text, Encoding.UTF8.GetString(CompressionTests.Decompress(await response.Content.ReadAsByteArrayAsync(), encoding)));
    }

    internal static DefaultHttpContext NewContext(string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<string> BodyAsync(SiteFixture site, string path)
    {
        using var response = await site.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }
}
