using Runway.Edge.Routing.Runtime;
using static Runway.Edge.Tests.Routing.RouterHarness;

namespace Runway.Edge.Tests.Routing;

public sealed class CleanUrlsAndTrailingSlashTests
{
    private readonly TestSite _site = new("/index.html", "/about.html", "/blog/index.html", "/style.css", "/docs/index.html", "/.well-known/acme.txt");

    [Theory]
    [InlineData("/about.html", "/about")]
    [InlineData("/index.html", "/")]
    [InlineData("/index", "/")]
    [InlineData("/blog/index.html", "/blog")]
    [InlineData("/blog/index", "/blog")]
    [InlineData("/about.html/", "/about")]
    public void Clean_urls_redirect_html_and_index_paths_with_308(string path, string location)
    {
        AssertRedirect(Route(Rules.Routing(cleanUrls: true), _site, path), 308, location);
    }

    [Fact]
    public void Clean_urls_serve_about_from_about_html()
    {
        AssertServes(Route(Rules.Routing(cleanUrls: true), _site, "/about"), RouteDecisionKind.ServeFile, "/about.html");
    }

    [Fact]
    public void Without_clean_urls_about_is_not_found_and_about_html_is_served()
    {
        Assert.Equal(RouteDecisionKind.NotFound, Route(Rules.Routing(), _site, "/about").Kind);
        AssertServes(Route(Rules.Routing(), _site, "/about.html"), RouteDecisionKind.ServeFile, "/about.html");
    }

    [Fact]
    public void Clean_urls_with_trailing_slash_redirect_to_the_slashed_url_and_serve_it()
    {
        var routing = Rules.Routing(cleanUrls: true, trailingSlash: true);

        AssertRedirect(Route(routing, _site, "/about.html"), 308, "/about/");
        AssertRedirect(Route(routing, _site, "/about"), 308, "/about/");
        AssertServes(Route(routing, _site, "/about/"), RouteDecisionKind.ServeFile, "/about.html");
    }

    [Theory]
    [InlineData("/docs", "/docs/")]
    [InlineData("/a/b/c", "/a/b/c/")]
    [InlineData("/style.css/", "/style.css")]
    [InlineData("/assets/app.min.js/", "/assets/app.min.js")]
    public void Trailing_slash_true_adds_a_slash_unless_the_last_segment_has_a_dot(string path, string location)
    {
        AssertRedirect(Route(Rules.Routing(trailingSlash: true), _site, path), 308, location);
    }

    [Theory]
    [InlineData("/style.css", "/style.css")]
    [InlineData("/docs/", "/docs/index.html")]
    [InlineData("/", "/index.html")]
    public void Trailing_slash_true_leaves_dotted_files_and_slashed_paths_alone(string path, string file)
    {
        AssertServes(Route(Rules.Routing(trailingSlash: true), _site, path), RouteDecisionKind.ServeFile, file);
    }

    [Fact]
    public void Trailing_slash_true_exempts_well_known()
    {
        AssertServes(Route(Rules.Routing(trailingSlash: true), _site, "/.well-known/acme.txt"), RouteDecisionKind.ServeFile, "/.well-known/acme.txt");
        Assert.Equal(RouteDecisionKind.NotFound, Route(Rules.Routing(trailingSlash: true), _site, "/.well-known/missing").Kind);
    }

    [Theory]
    [InlineData("/docs/", "/docs")]
    [InlineData("/a/b/", "/a/b")]
    public void Trailing_slash_false_removes_the_slash(string path, string location)
    {
        AssertRedirect(Route(Rules.Routing(trailingSlash: false), _site, path), 308, location);
    }

    [Fact]
    public void Trailing_slash_false_serves_the_root_and_directory_indexes()
    {
        AssertServes(Route(Rules.Routing(trailingSlash: false), _site, "/"), RouteDecisionKind.ServeFile, "/index.html");
        AssertServes(Route(Rules.Routing(trailingSlash: false), _site, "/docs"), RouteDecisionKind.ServeFile, "/docs/index.html");
    }

    [Fact]
    public void Redirects_keep_the_query()
    {
        AssertRedirect(Route(Rules.Routing(trailingSlash: true), _site, "/docs?page=2&q=a%20b"), 308, "/docs/?page=2&q=a%20b");
    }
}
