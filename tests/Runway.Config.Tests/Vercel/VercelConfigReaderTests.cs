using Runway.Config.Documents;
using Runway.Config.Tests.Support;
using Runway.Config.Vercel;
using Runway.Model;

namespace Runway.Config.Tests.Vercel;

public class VercelConfigReaderTests
{
    internal static (VercelConfig? Config, DiagnosticBag Diagnostics) Read(string json)
    {
        var diagnostics = new DiagnosticBag();
        return (VercelConfigReader.Parse(json, "vercel.json", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_build_settings_into_a_layer()
    {
        var (config, diagnostics) = Read("""
            {
              "$schema": "https://openapi.vercel.sh/vercel.json",
              "buildCommand": "npm run build:site",
              "installCommand": "npm ci",
              "outputDirectory": "out",
              "framework": "vite",
              "regions": ["iad1"],
              "build": { "env": { "API_URL": "https://api.example.com" } }
            }
            """);

        Assert.Empty(diagnostics.Items);
        var layer = config!.ToLayer();
        Assert.Equal("out", layer.OutputDirectory);
        Assert.Equal(ValueList.Of("npm ci"), layer.Phases.Single(p => p.Name == "install").Commands);
        Assert.Equal(ValueList.Of("npm run build:site"), layer.Phases.Single(p => p.Name == "build").Commands);
        Assert.Equal("https://api.example.com", layer.BuildVariables["API_URL"]);
    }

    [Fact]
    public void A_framework_preset_gives_the_default_output_directory()
    {
        Assert.Equal("dist", Read("{\"framework\": \"vite\"}").Config!.ToLayer().OutputDirectory);
        Assert.Equal("build", Read("{\"framework\": \"create-react-app\"}").Config!.ToLayer().OutputDirectory);
        Assert.Null(Read("{\"framework\": null}").Config!.ToLayer().OutputDirectory);
    }

    [Fact]
    public void An_empty_build_command_skips_the_build()
    {
        var layer = Read("{\"buildCommand\": \"\"}").Config!.ToLayer();

        Assert.Equal(ValueList<string>.Empty, layer.Phases.Single().Commands);
    }

    [Fact]
    public void Reads_routing_sections_with_locations()
    {
        var (config, diagnostics) = Read("""
            {
              "cleanUrls": true,
              "trailingSlash": false,
              "redirects": [
                { "source": "/docs", "destination": "/about", "permanent": true }
              ],
              "rewrites": [
                { "source": "/app/(.*)", "destination": "/index.html", "statusCode": 200 }
              ],
              "headers": [
                { "source": "/(.*)", "headers": [{ "key": "X-Frame-Options", "value": "DENY" }] }
              ]
            }
            """);

        Assert.Empty(diagnostics.Items);
        var routing = config!.Routing;
        Assert.True(routing.CleanUrls);
        Assert.False(routing.TrailingSlash);
        var redirect = Assert.Single(routing.Redirects);
        Assert.Equal(("/docs", "/about", 308, "vercel.json:5:5"), (redirect.Source, redirect.Destination, redirect.StatusCode, redirect.Location.ToString()));
        var rewrite = Assert.Single(routing.Rewrites);
        Assert.Equal(("/app/(.*)", "/index.html", (int?)200, "vercel.json:8:5"), (rewrite.Source, rewrite.Destination, rewrite.StatusCode, rewrite.Location.ToString()));
        var header = Assert.Single(routing.Headers);
        Assert.Equal(ValueList.Of(new KeyValuePair<string, string>("X-Frame-Options", "DENY")), header.Headers);
        Assert.Equal("vercel.json:11:5", header.Location.ToString());
        Assert.Null(Read("{}").Config!.Routing.TrailingSlash);
    }

    [Theory]
    [InlineData("\"permanent\": true", 308)]
    [InlineData("\"permanent\": false", 307)]
    [InlineData("\"statusCode\": 301", 301)]
    [InlineData("\"statusCode\": 302", 302)]
    [InlineData("\"has\": []", 308)]
    public void Redirect_status_follows_permanent_then_statusCode_then_308(string field, int expected)
    {
        var (config, diagnostics) = Read($"{{\"redirects\": [{{\"source\": \"/a\", \"destination\": \"/b\", {field}}}]}}");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(expected, Assert.Single(config!.Routing.Redirects).StatusCode);
    }

    [Fact]
    public void Permanent_and_statusCode_together_are_an_error()
    {
        var (config, diagnostics) = Read("{\"redirects\": [\n  {\"source\": \"/a\", \"destination\": \"/b\", \"permanent\": true, \"statusCode\": 301}\n]}");

        Assert.Empty(config!.Routing.Redirects);
        Assert.Equal(["vercel.json:2:3: error: redirects[0] cannot define both permanent and statusCode; keep one"], diagnostics.Lines());
    }

    [Fact]
    public void Missing_source_or_destination_is_an_error()
    {
        var (_, diagnostics) = Read("{\"rewrites\": [{\"source\": \"/a\"}], \"headers\": [{\"source\": \"/b\"}]}");

        Assert.Equal(
        [
            "vercel.json:1:46: error: headers[0] needs headers (an array of { \"key\", \"value\" } objects)",
            "vercel.json:1:15: error: rewrites[0] needs a destination",
        ], diagnostics.Errors());
    }

    [Fact]
    public void More_than_2048_rules_is_an_error()
    {
        var rules = string.Join(",", Enumerable.Repeat("{\"source\": \"/a\", \"destination\": \"/b\"}", 2049));
        var (_, diagnostics) = Read("{\"rewrites\": [" + rules + "]}");

        Assert.Equal(["vercel.json:1:14: error: rewrites has 2049 rules; Vercel allows at most 2048"], diagnostics.Lines());
        Assert.Empty(Read("{\"rewrites\": [" + string.Join(",", Enumerable.Repeat("{\"source\": \"/a\", \"destination\": \"/b\"}", 2048)) + "]}").Diagnostics.Items);
    }

    [Fact]
    public void Sources_and_destinations_longer_than_4096_characters_are_errors()
    {
        var longPath = "/" + new string('a', 4096);
        var (_, diagnostics) = Read($"{{\"redirects\": [{{\"source\": \"{longPath}\", \"destination\": \"/b\"}}]}}");

        Assert.Equal(["vercel.json:1:27: error: redirects[0].source is 4097 characters long; Vercel allows at most 4096"], diagnostics.Lines());
    }

    [Fact]
    public void Routes_cannot_be_mixed_with_the_newer_sections()
    {
        var (_, diagnostics) = Read("{\n  \"cleanUrls\": true,\n  \"routes\": [{ \"src\": \"/a\", \"dest\": \"/b\" }]\n}");

        Assert.Equal(
            ["vercel.json:3:3: error: routes cannot be used together with cleanUrls: if rewrites, redirects, headers, cleanUrls or trailingSlash are used, routes cannot be present; move the routes into those sections"],
            diagnostics.Lines());
    }

    [Fact]
    public void Not_yet_supported_fields_warn_and_unknown_fields_warn()
    {
        var (_, diagnostics) = Read("{\n  \"functions\": {\"api/*.js\": {\"maxDuration\": 10}},\n  \"env\": {\"A\": \"1\"},\n  \"redirect\": []\n}");

        Assert.Equal(
        [
            "vercel.json:4:3: warning: unknown field redirect (did you mean redirects?); it is ignored",
            "vercel.json:2:3: warning: functions is not supported yet: serverless functions do not run; only static output is served",
            "vercel.json:3:3: warning: env is not supported yet; it is ignored",
        ], diagnostics.Lines());
    }

    [Fact]
    public void Wrong_types_are_errors_at_the_value()
    {
        var (_, diagnostics) = Read("{\"cleanUrls\": \"yes\", \"redirects\": {}}");

        Assert.Equal(
        [
            "vercel.json:1:15: error: cleanUrls must be true or false (got \"yes\")",
            "vercel.json:1:35: error: redirects must be an array of rules (got an object)",
        ], diagnostics.Errors());
    }
}
