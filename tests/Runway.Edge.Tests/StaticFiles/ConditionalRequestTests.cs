using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Runway.Edge.Tests.StaticFiles;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the site through IAsyncLifetime.")]
public sealed partial class ConditionalRequestTests : IAsyncLifetime
{
    private readonly SiteFixture _site = new();
    private readonly DateTime _modified = new(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        var path = _site.Write("app.txt", "hello, conditional world");
        File.SetLastWriteTimeUtc(path, _modified);
        await _site.StartAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string LastModified => new DateTimeOffset(_modified.AddMilliseconds(-500)).ToString("r", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Etag_is_strong_and_stable_and_last_modified_is_the_file_time()
    {
        using var first = await _site.GetAsync("/app.txt");
        using var second = await _site.GetAsync("/app.txt");

        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Matches(EtagShape(), etag.Tag);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(LastModified, first.Content.Headers.GetValues("Last-Modified").Single());
        Assert.Equal("bytes", first.Headers.AcceptRanges.Single());
    }

    [Fact]
    public async Task Etag_changes_when_the_file_changes()
    {
        var etag = await EtagAsync();
        File.SetLastWriteTimeUtc(Path.Combine(_site.Root, "app.txt"), _modified.AddSeconds(5));
        _site.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.NotEqual(etag, await EtagAsync());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("\"a\",W/{0} , \"b\"")]
    [InlineData("*")]
    public async Task If_none_match_that_matches_gives_304_without_body(string format)
    {
        var etag = await EtagAsync();

        using var response = await _site.GetAsync("/app.txt", ("If-None-Match", string.Format(CultureInfo.InvariantCulture, format, etag)));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
        Assert.Equal("public, max-age=0, must-revalidate", SiteFixture.RawHeader(response, "Cache-Control"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_none_match_that_differs_gives_200()
    {
        using var response = await _site.GetAsync("/app.txt", ("If-None-Match", "\"stale\", W/\"older\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello, conditional world", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task If_modified_since_at_or_after_last_modified_gives_304_and_before_it_200()
    {
        using var same = await _site.GetAsync("/app.txt", ("If-Modified-Since", LastModified));
        using var later = await _site.GetAsync("/app.txt", ("If-Modified-Since", _modified.AddDays(1).ToString("r", CultureInfo.InvariantCulture)));
        using var earlier = await _site.GetAsync("/app.txt", ("If-Modified-Since", _modified.AddSeconds(-2).ToString("r", CultureInfo.InvariantCulture)));
        using var invalid = await _site.GetAsync("/app.txt", ("If-Modified-Since", "yesterday"));

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, later.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
    }

    [Fact]
    public async Task If_modified_since_is_ignored_when_if_none_match_is_present()
    {
        // RFC 9110 §13.1.3: a recipient must ignore If-Modified-Since when If-None-Match is present.
        using var response = await _site.GetAsync("/app.txt", ("If-None-Match", "\"stale\""), ("If-Modified-Since", LastModified));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task If_match_that_differs_gives_412_and_a_match_or_star_proceeds()
    {
        var etag = await EtagAsync();

        using var failed = await _site.GetAsync("/app.txt", ("If-Match", "\"other\""));
        using var weak = await _site.GetAsync("/app.txt", ("If-Match", "W/" + etag));
        using var matched = await _site.GetAsync("/app.txt", ("If-Match", etag));
        using var star = await _site.GetAsync("/app.txt", ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode); // If-Match uses the strong comparison
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
    }

    [Fact]
    public async Task If_unmodified_since_before_last_modified_gives_412_unless_if_match_is_present()
    {
        var before = _modified.AddMinutes(-1).ToString("r", CultureInfo.InvariantCulture);
        var etag = await EtagAsync();

        using var failed = await _site.GetAsync("/app.txt", ("If-Unmodified-Since", before));
        using var passed = await _site.GetAsync("/app.txt", ("If-Unmodified-Since", LastModified));
        using var ifMatchWins = await _site.GetAsync("/app.txt", ("If-Match", etag), ("If-Unmodified-Since", before));

        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ifMatchWins.StatusCode);
    }

    [Fact]
    public async Task If_match_is_evaluated_before_if_none_match()
    {
        var etag = await EtagAsync();

        using var response = await _site.GetAsync("/app.txt", ("If-Match", "\"other\""), ("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task Head_sends_the_headers_of_get_without_a_body()
    {
        using var get = await _site.GetAsync("/app.txt");
        using var head = await _site.SendAsync(HttpMethod.Head, "/app.txt");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Other_methods_get_405_with_allow()
    {
        using var response = await _site.SendAsync(HttpMethod.Post, "/app.txt");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    private async Task<string> EtagAsync()
    {
        using var response = await _site.GetAsync("/app.txt");
        return response.Headers.ETag!.Tag;
    }

    [GeneratedRegex("^\"[0-9a-f]+-[0-9a-f]+\"$")]
    private static partial Regex EtagShape();
}
