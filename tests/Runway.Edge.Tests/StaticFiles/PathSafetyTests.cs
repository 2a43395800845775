using System.Net;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the site through IAsyncLifetime.")]
public sealed class PathSafetyTests : IAsyncLifetime
{
    private const string Secret = "TOP-SECRET-VALUE";
    private readonly SiteFixture _site = new();

    public async Task InitializeAsync()
    {
        _site.Write("index.html", "<p>home</p>");
        _site.Write("sub/page.html", "<p>sub</p>");
        _site.Write(".env", Secret);
        _site.Write(".git/config", Secret);
        _site.Write("sub/.hidden.txt", Secret);
        _site.Write(".well-known/security.txt", "Contact: mailto:security@example.com");
        _site.Write("404.html", "<p>missing</p>");
        File.WriteAllText(Path.Combine(_site.Scratch, "outside.txt"), Secret);
        Directory.CreateDirectory(Path.Combine(_site.Scratch, "outside-dir"));
        File.WriteAllText(Path.Combine(_site.Scratch, "outside-dir", "secret.txt"), Secret);
        File.CreateSymbolicLink(Path.Combine(_site.Root, "escape.txt"), Path.Combine(_site.Scratch, "outside.txt"));
        File.CreateSymbolicLink(Path.Combine(_site.Root, "relative-escape.txt"), "../outside.txt");
        Directory.CreateSymbolicLink(Path.Combine(_site.Root, "escape-dir"), Path.Combine(_site.Scratch, "outside-dir"));
        File.CreateSymbolicLink(Path.Combine(_site.Root, "env-alias.txt"), ".env");
        File.CreateSymbolicLink(Path.Combine(_site.Root, "inside-link.html"), "sub/page.html");
        File.CreateSymbolicLink(Path.Combine(_site.Root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(_site.Root, "loop-b"), "loop-a");
        await _site.StartAsync();
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("/../outside.txt")]
    [InlineData("/sub/../../outside.txt")]
    [InlineData("/%2e%2e/outside.txt")]
    [InlineData("/%2E%2E/%2e%2e/outside.txt")]
    [InlineData("/..%2foutside.txt")]
    [InlineData("/sub/..%2F..%2Foutside.txt")]
    [InlineData("/%252e%252e/outside.txt")]
    [InlineData("/%252e%252e%252foutside.txt")]
    [InlineData("/..\\outside.txt")]
    [InlineData("/sub\\..\\..\\outside.txt")]
    [InlineData("/%5c..%5coutside.txt")]
    [InlineData("/escape.txt")]
    [InlineData("/relative-escape.txt")]
    [InlineData("/escape-dir/secret.txt")]
    [InlineData("/loop-a")]
    public async Task Paths_leaving_the_root_get_404_without_the_file(string target)
    {
        var (status, response) = await _site.RawGetAsync(target);

        Assert.Equal(404, status);
        Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/%00")]
    [InlineData("/index.html%00.txt")]
    public async Task Nul_bytes_get_400(string target)
    {
        var (status, response) = await _site.RawGetAsync(target);

        Assert.Equal(400, status);
        Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/.git/")]
    [InlineData("/sub/.hidden.txt")]
    [InlineData("/env-alias.txt")]
    [InlineData("/sub/.well-known/x")]
    public async Task Dotfiles_are_not_served(string target)
    {
        var (status, response) = await _site.RawGetAsync(target);

        Assert.Equal(404, status);
        Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
        Assert.Contains("<p>missing</p>", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Well_known_and_symlinks_inside_the_root_are_served()
    {
        using var wellKnown = await _site.GetAsync("/.well-known/security.txt");
        using var inside = await _site.GetAsync("/inside-link.html");

        Assert.Equal(HttpStatusCode.OK, wellKnown.StatusCode);
        Assert.Equal("<p>sub</p>", await inside.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/../outside.txt", StaticPathKind.Refused)]
    [InlineData("/sub/../index.html", StaticPathKind.Refused)]
    [InlineData("/./index.html", StaticPathKind.Refused)]
    [InlineData("/%2e%2e/outside.txt", StaticPathKind.Refused)]
    [InlineData("/..%2Foutside.txt", StaticPathKind.Refused)]
    [InlineData("/%252e%252e/outside.txt", StaticPathKind.Refused)]
    [InlineData("/..\\outside.txt", StaticPathKind.Refused)]
    [InlineData("/escape.txt", StaticPathKind.Refused)]
    [InlineData("/escape-dir/secret.txt", StaticPathKind.Refused)]
    [InlineData("/index.html\0", StaticPathKind.Malformed)]
    [InlineData("/a\nb", StaticPathKind.Malformed)]
    [InlineData("/.env", StaticPathKind.NotFound)]
    [InlineData("/env-alias.txt", StaticPathKind.NotFound)]
    [InlineData("/index.html/", StaticPathKind.NotFound)]
    [InlineData("/loop-a", StaticPathKind.NotFound)]
    [InlineData("/index.html", StaticPathKind.File)]
    [InlineData("//sub//page.html", StaticPathKind.File)]
    [InlineData("/.well-known/security.txt", StaticPathKind.File)]
    [InlineData("/sub", StaticPathKind.Directory)]
    [InlineData("/", StaticPathKind.Directory)]
    public void The_handler_judges_paths_the_router_hands_it(string path, StaticPathKind expected)
    {
        var handler = new StaticFileHandler(_site.Root);

        Assert.Equal(expected, handler.Probe(path));
    }

    [Fact]
    public async Task A_root_reached_through_a_symlink_still_serves_its_files()
    {
        var link = Path.Combine(_site.Scratch, "site-link");
        Directory.CreateSymbolicLink(link, _site.Root);
        var handler = new StaticFileHandler(link);
        var context = FileCacheTests.NewContext();

        Assert.Equal(StaticFileResult.Served, await handler.ServeAsync(context, "/sub/page.html"));
        Assert.Equal(StaticFileResult.NotFound, await handler.ServeAsync(FileCacheTests.NewContext(), "/.env"));
        Assert.Equal(_site.Root, handler.RootDirectory);
    }
}
