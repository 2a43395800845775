using System.Globalization;
using System.Net;
using System.Text;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the site through IAsyncLifetime.")]
public sealed class RangeRequestTests : IAsyncLifetime
{
    // Long enough to be compressed, so the tests also show ranges come from the identity bytes.
    private static readonly string Text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i:D4}\n"));
    private readonly SiteFixture _site = new();

    public async Task InitializeAsync()
    {
        _site.Write("data.txt", Text);
        await _site.StartAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("bytes=0-9", 0, 10)]
    [InlineData("bytes=10-19", 10, 10)]
    [InlineData("bytes=1990-5000", 1990, 10)]
    [InlineData("bytes=1995-", 1995, 5)]
    [InlineData("bytes=0-", 0, 2000)]
    [InlineData("bytes=-7", 1993, 7)]
    [InlineData("bytes=-999999", 0, 2000)]
    [InlineData("BYTES = 5-5", 5, 1)]
    public async Task A_single_range_gives_206_with_content_range(string range, int start, int length)
    {
        using var response = await _site.GetAsync("/data.txt", ("Range", range), ("Accept-Encoding", "br, gzip"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {start}-{start + length - 1}/2000", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Text.Substring(start, length), Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("bytes=2000-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    public async Task A_range_past_the_end_gives_416_with_the_length(string range)
    {
        using var response = await _site.GetAsync("/data.txt", ("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */2000", response.Content.Headers.GetValues("Content-Range").Single());
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")] // several ranges: answered with the whole file
    [InlineData("bytes=9-3")] // last before first: invalid, ignored
    [InlineData("items=0-1")] // unknown unit
    [InlineData("bytes=x-y")]
    [InlineData("bytes=99999999999999999999-")]
    public async Task Multiple_or_invalid_ranges_give_the_whole_file(string range)
    {
        using var response = await _site.GetAsync("/data.txt", ("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Text, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task If_range_with_the_current_etag_or_date_gives_206_otherwise_200()
    {
        using var full = await _site.GetAsync("/data.txt");
        var etag = full.Headers.ETag!.Tag;
        var lastModified = full.Content.Headers.GetValues("Last-Modified").Single();

        using var etagMatch = await _site.GetAsync("/data.txt", ("Range", "bytes=0-3"), ("If-Range", etag));
        using var dateMatch = await _site.GetAsync("/data.txt", ("Range", "bytes=0-3"), ("If-Range", lastModified));
        using var staleEtag = await _site.GetAsync("/data.txt", ("Range", "bytes=0-3"), ("If-Range", "\"old\""));
        using var weakEtag = await _site.GetAsync("/data.txt", ("Range", "bytes=0-3"), ("If-Range", "W/" + etag));
        using var otherDate = await _site.GetAsync("/data.txt", ("Range", "bytes=0-3"), ("If-Range", DateTimeOffset.UnixEpoch.ToString("r", CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.PartialContent, etagMatch.StatusCode);
        Assert.Equal(HttpStatusCode.PartialContent, dateMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staleEtag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, weakEtag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherDate.StatusCode);
        Assert.Equal(Text, await staleEtag.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_ignores_range()
    {
        using var response = await _site.SendAsync(HttpMethod.Head, "/data.txt", ("Range", "bytes=0-3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2000, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("bytes=0-0", "Satisfiable", 0, 1)]
    [InlineData("bytes=-1", "Satisfiable", 9, 1)]
    [InlineData("bytes=10-", "Unsatisfiable", 0, 0)]
    [InlineData("bytes=3-2", "Ignore", 0, 0)]
    [InlineData("bytes=", "Ignore", 0, 0)]
    [InlineData("bytes=-", "Ignore", 0, 0)]
    [InlineData("bytes 0-1", "Ignore", 0, 0)]
    public void Range_parser_outcomes(string field, string expected, long start, long count)
    {
        var outcome = ByteRangeHeader.Parse(field, 10, out var parsedStart, out var parsedCount);

        Assert.Equal((expected, start, count), (outcome.ToString(), parsedStart, parsedCount));
    }
}
