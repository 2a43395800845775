using Runway.Config.Documents;
using Runway.Config.RunwayToml;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.RunwayToml;

public class EdgeSectionReaderTests
{
    private static (RunwayConfig? Config, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (RunwayConfigReader.Parse(text, "runway.toml", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_the_whole_edge_section()
    {
        var (config, diagnostics) = Read("""
            [edge]
            securityHeaders = "strict"

            [[edge.rateLimits]]
            path = "/api/"
            requests = 100
            window = "15m"

            [[edge.rateLimits]]
            path = "/api/auth/"
            requests = 5
            window = 900

            [edge.cors]
            origins = ["https://app.example.com", "http://localhost:5173"]
            methods = ["get", "POST"]
            headers = ["Content-Type"]
            credentials = true
            maxAge = "1h"

            [edge.limits]
            maxRequestBodySize = "10MB"
            maxRequestHeadersSize = "32KB"
            """);

        Assert.Empty(diagnostics.Lines());
        var edge = config!.Edge;
        Assert.Equal(SecurityHeaderPreset.Strict, edge.SecurityHeaders);
        Assert.Equal(
            ValueList.Of(new RateLimitRule("/api/", 100, TimeSpan.FromMinutes(15)), new RateLimitRule("/api/auth/", 5, TimeSpan.FromMinutes(15))),
            edge.RateLimits);
        var cors = edge.Cors!;
        Assert.Equal(ValueList.Of("https://app.example.com", "http://localhost:5173"), cors.Origins);
        Assert.Equal(ValueList.Of("GET", "POST"), cors.Methods);
        Assert.Equal(ValueList.Of("Content-Type"), cors.Headers);
        Assert.True(cors.Credentials);
        Assert.Equal(TimeSpan.FromHours(1), cors.MaxAge);
        Assert.Equal(10L * 1024 * 1024, edge.MaxRequestBodySize);
        Assert.Equal(32L * 1024, edge.MaxRequestHeadersSize);
    }

    [Fact]
    public void Without_an_edge_section_the_defaults_apply()
    {
        var (config, diagnostics) = Read("name = \"shop\"");
        Assert.Empty(diagnostics.Lines());
        Assert.Equal(EdgeSettings.Default, config!.Edge);
        Assert.Equal(SecurityHeaderPreset.Default, config.Edge.SecurityHeaders);
        Assert.Null(config.Edge.Cors);
    }

    [Theory]
    [InlineData("[edge]\nsecurityHeaders = \"paranoid\"", "runway.toml:2:19: error: edge.securityHeaders must be one of default, strict, off (got \"paranoid\")")]
    [InlineData("[[edge.rateLimits]]\npath = \"api\"\nrequests = 5\nwindow = \"1m\"", "runway.toml:2:8: error: edge.rateLimits[0].path must be a path prefix starting with / (got \"api\")")]
    [InlineData("[[edge.rateLimits]]\npath = \"/api/\"\nrequests = 0\nwindow = \"1m\"", "runway.toml:3:12: error: edge.rateLimits[0].requests must be at least 1 (got 0)")]
    [InlineData("[[edge.rateLimits]]\npath = \"/api/\"\nrequests = 5\nwindow = \"15 minutes\"", "runway.toml:4:10: error: edge.rateLimits[0].window must be a duration such as \"30s\", \"15m\", \"1h\" or \"1d\" (or a number of seconds) between 1s and 7d (got \"15 minutes\")")]
    [InlineData("[edge.limits]\nmaxRequestBodySize = \"ten megabytes\"", "runway.toml:2:22: error: edge.limits.maxRequestBodySize must be a size such as \"10MB\", \"32KB\" or a number of bytes, above 0 (got \"ten megabytes\")")]
    [InlineData("[edge.cors]\norigins = [\"https://app.example.com/path\"]", "runway.toml:2:11: error: edge.cors.origins holds \"https://app.example.com/path\", which is not an origin; write scheme://host[:port] without a path, or \"*\"")]
    [InlineData("[edge.cors]\norigins = [\"*\"]\ncredentials = true", "runway.toml:3:15: error: edge.cors.credentials = true cannot be combined with origins = [\"*\"]; list the allowed origins")]
    [InlineData("[edge]\nrateLimits = 5", "runway.toml:2:14: error: edge.rateLimits must be an array of tables ([[edge.rateLimits]]) (got 5)")]
    public void Invalid_values_are_positioned_errors(string text, string expected)
    {
        var (_, diagnostics) = Read(text);

        Assert.Equal([expected], diagnostics.Lines());
    }

    [Fact]
    public void A_rate_limit_without_requests_is_an_error_and_left_out()
    {
        var (config, diagnostics) = Read("[[edge.rateLimits]]\npath = \"/api/\"\nwindow = \"1m\"");
        Assert.Single(diagnostics.Lines(), l => l.Contains("edge.rateLimits[0] needs requests", StringComparison.Ordinal) && l.Contains(": error: ", StringComparison.Ordinal));
        Assert.Empty(config!.Edge.RateLimits);
    }

    [Fact]
    public void Unknown_edge_fields_are_warnings()
    {
        var (_, diagnostics) = Read("""
            [edge]
            securityHeader = "strict"
            [[edge.rateLimits]]
            path = "/api/"
            requests = 5
            window = "1m"
            burst = 3
            [edge.cors]
            origins = ["https://a.example"]
            allowCredentials = true
            [edge.limits]
            maxBodySize = "1MB"
            """);

        Assert.Equal(
        [
            "runway.toml:7:1: warning: unknown field edge.rateLimits[0].burst; it is ignored",
            "runway.toml:10:1: warning: unknown field edge.cors.allowCredentials; it is ignored",
            "runway.toml:12:1: warning: unknown field edge.limits.maxBodySize; it is ignored",
            "runway.toml:2:1: warning: unknown field edge.securityHeader (did you mean securityHeaders?); it is ignored",
        ], diagnostics.Lines());
    }
}
