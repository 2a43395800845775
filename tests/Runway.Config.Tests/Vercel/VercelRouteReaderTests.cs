using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Vercel;

public class VercelRouteReaderTests
{
    [Fact]
    public void Reads_legacy_routes_and_handle_phases()
    {
        var (config, diagnostics) = VercelConfigReaderTests.Read("""
            {
              "routes": [
                { "src": "/api/(.*)", "dest": "/api/$1", "methods": ["GET", "POST"], "headers": { "cache-control": "no-store" }, "continue": true },
                { "handle": "filesystem" },
                { "source": "/old", "destination": "/new", "statusCode": 301 },
                { "src": "^/(.*)$", "dest": "/index.html", "check": true }
              ]
            }
            """);

        Assert.Empty(diagnostics.Items);
        var routes = config!.Routing.Routes;
        Assert.Equal(4, routes.Count);
        Assert.Equal("^/api/(.*)$", routes[0].Source);
        Assert.Equal(ValueList.Of("GET", "POST"), routes[0].Methods);
        Assert.Equal(ValueList.Of(new KeyValuePair<string, string>("cache-control", "no-store")), routes[0].Headers);
        Assert.True(routes[0].Continue);
        Assert.Equal("filesystem", routes[1].Handle);
        Assert.Null(routes[1].Source);
        Assert.Equal(("^/old$", "/new", (int?)301), (routes[2].Source, routes[2].Destination, routes[2].Status));
        Assert.Equal("^/(.*)$", routes[3].Source);
        Assert.True(routes[3].Check);
        Assert.Equal("vercel.json:6:5", routes[3].Location.ToString());
    }

    [Fact]
    public void Escaped_slashes_are_read_as_slashes()
    {
        var (config, _) = VercelConfigReaderTests.Read("{\"routes\": [{\"src\": \"\\\\/a\\\\/b\"}]}");

        Assert.Equal("^/a/b$", config!.Routing.Routes.Single().Source);
    }

    [Theory]
    [InlineData("{\"src\": \"/a(\"}", "vercel.json:1:21: error: routes[0].src is not a valid regular expression")]
    [InlineData("{\"src\": \"/a\", \"source\": \"/b\"}", "vercel.json:1:13: error: routes[0] cannot define both src and source; use one")]
    [InlineData("{\"src\": \"/a\", \"status\": 301, \"statusCode\": 302}", "vercel.json:1:13: error: routes[0] cannot define both status and statusCode; use one")]
    [InlineData("{\"dest\": \"/a\"}", "vercel.json:1:13: error: routes[0] must define src (a regular expression) or handle")]
    [InlineData("{\"handle\": \"filesystem\", \"src\": \"/a\"}", "vercel.json:1:38: error: routes[0] is a handle route and cannot have src; put it in its own route")]
    [InlineData("{\"handle\": \"nope\"}", "vercel.json:1:24: error: routes[0].handle must be one of filesystem, hit, miss, rewrite, error, resource (got \"nope\")")]
    public void Invalid_routes_are_errors(string route, string expected)
    {
        var (config, diagnostics) = VercelConfigReaderTests.Read("{\"routes\": [" + route + "]}");

        Assert.Empty(config!.Routing.Routes);
        var error = Assert.Single(diagnostics.Errors());
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_handle_is_an_error()
    {
        var (_, diagnostics) = VercelConfigReaderTests.Read("{\"routes\": [{\"handle\": \"filesystem\"}, {\"handle\": \"filesystem\"}]}");

        Assert.Equal(["vercel.json:1:39: error: routes[1] repeats handle \"filesystem\"; use each handle at most once"], diagnostics.Lines());
    }

    [Fact]
    public void Routes_after_hit_and_miss_follow_vercels_rules()
    {
        var (_, diagnostics) = VercelConfigReaderTests.Read("""
            {"routes": [
              {"handle": "hit"},
              {"src": "/a", "dest": "/b", "continue": true},
              {"handle": "miss"},
              {"src": "/c", "dest": "/d"},
              {"src": "/e"}
            ]}
            """);

        Assert.Equal(
        [
            "vercel.json:3:3: error: routes[1] comes after handle: hit and cannot define dest or status",
            "vercel.json:5:3: error: routes[3] comes after handle: miss and must set check: true",
            "vercel.json:6:3: error: routes[4] comes after handle: miss and must set continue: true",
        ], diagnostics.Lines());
    }
}
