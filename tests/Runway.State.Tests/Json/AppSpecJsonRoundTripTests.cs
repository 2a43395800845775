using Runway.Config;
using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.State.Tests.Json;

/// <summary>A spec read back from its JSON equals the spec that was written, for every shape the loader produces.</summary>
public class AppSpecJsonRoundTripTests
{
    public static TheoryData<string> Examples() =>
        new(Directory.Exists(RepoPaths.Examples) ? Directory.GetDirectories(RepoPaths.Examples).Select(d => Path.GetFileName(d)).Order().ToArray() : []);

    [Fact]
    public void The_examples_are_there_to_check()
    {
        Assert.True(Directory.Exists(RepoPaths.Examples), "examples/ is missing from " + RepoPaths.Root);
        Assert.NotEmpty(Examples());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_round_trips(string name)
    {
        var spec = Load(Path.Combine(RepoPaths.Examples, name));

        AssertRoundTrips(spec);
    }

    [Fact]
    public void A_site_with_every_vercel_routing_section_round_trips()
    {
        using var app = new TempDirectory("runway-state-spec-");
        app.Write("index.html", "<h1>hi</h1>");
        app.Write("vercel.json", """
            {
              "cleanUrls": true,
              "trailingSlash": false,
              "redirects": [
                { "source": "/old/:path*", "destination": "/new/:path*", "permanent": false,
                  "has": [{ "type": "host", "value": "www\\.example\\.com" }], "missing": [{ "type": "cookie", "key": "beta" }] }
              ],
              "rewrites": [{ "source": "/api/(.*)", "destination": "https://api.example.com/api/$1" }],
              "headers": [{ "source": "/assets/(.*)", "headers": [{ "key": "Cache-Control", "value": "max-age=31536000" }, { "key": "X-Zeta", "value": "z" }, { "key": "X-Alpha", "value": "a" }] }]
            }
            """);

        var spec = Load(app.Path);

        var routing = Assert.Single(spec.Sites).Routing;
        Assert.NotEmpty(routing.Redirects);
        Assert.NotEmpty(routing.Rewrites);
        Assert.Equal(["Cache-Control", "X-Zeta", "X-Alpha"], routing.Headers[0].Headers.Select(h => h.Key));
        AssertRoundTrips(spec);
    }

    [Fact]
    public void Legacy_vercel_routes_round_trip()
    {
        using var app = new TempDirectory("runway-state-spec-");
        app.Write("index.html", "");
        app.Write("vercel.json", """
            { "routes": [
                { "src": "/old", "status": 301, "headers": { "Location": "/new" } },
                { "handle": "filesystem" },
                { "src": "/(.*)", "dest": "/index.html", "methods": ["GET", "HEAD"], "continue": true, "check": true }
            ] }
            """);

        var spec = Load(app.Path);

        Assert.Equal(3, spec.Sites[0].Routing.Routes.Count);
        AssertRoundTrips(spec);
    }

    [Fact]
    public void Services_with_cron_domains_edge_settings_addons_and_environment_overrides_round_trip()
    {
        using var app = new TempDirectory("runway-state-spec-");
        app.Write("package.json", """{ "scripts": { "start": "node server.js", "build": "node build.js" } }""");
        app.Write(".env", "SECRET_KEY=abc\nEMPTY=\n");
        app.Write("nixpacks.toml", "[phases.build]\ncmds = [\"...\", \"npm run extra\"]\n[variables]\nNODE_ENV = \"production\"\n");
        app.Write("railway.toml", "[deploy]\nhealthcheckPath = \"/health\"\nhealthcheckTimeout = 45\nrestartPolicyType = \"NEVER\"\nnumReplicas = 2\n");
        app.Write("runway.toml", """
            name = "shop"
            entry = "web"

            [variables]
            "ÜNICODE" = "naïve ☃ \"quoted\" \\ back"

            [services.web]
            domains = ["shop.example.com"]

            [services.report]
            type = "cron"
            startCommand = "node report.js"
            cronSchedule = "*/15 2 * * MON-FRI"

            [addons.db]
            type = "postgres"
            version = "16"

            [addons.cache]
            type = "redis"

            [edge]
            securityHeaders = "strict"

            [[edge.rateLimits]]
            path = "/api/"
            requests = 100
            window = "15m"

            [edge.cors]
            origins = ["https://app.example.com"]
            methods = ["GET", "POST"]
            headers = ["Content-Type"]
            credentials = true
            maxAge = "1h"

            [edge.limits]
            maxRequestBodySize = "10MB"

            [environments.staging.variables]
            STAGE = "yes"
            """);

        var spec = Load(app.Path, "staging");

        Assert.Equal("*/15 2 * * MON-FRI", spec.Services.Single(s => s.Name == "report").CronSchedule);
        Assert.Equal(["shop.example.com"], spec.Services.Single(s => s.Name == "web").Domains);
        Assert.NotNull(spec.Edge.Cors);
        Assert.Equal(2, spec.Addons.Count);
        Assert.Equal("yes", spec.Variables["STAGE"]);
        AssertRoundTrips(spec);
    }

    [Fact]
    public void A_spec_setting_every_field_round_trips()
    {
        var location = new SourceLocation("vercel.json", 3, 7);
        VercelCondition[] has = [new("header", "x-beta", null), new("query", "v", "^2$")];
        var routing = new VercelRouting(
            true,
            true,
            [new VercelRoute("^/a$", "/b", 302, [new("X-A", "1")], ["GET"], true, null, has, [], location) { Check = true }, new VercelRoute(null, null, null, [], [], false, "filesystem", [], [], location)],
            [new VercelRedirect("/r", "/s", 307, has, has, location)],
            [new VercelHeaderRule("/(.*)", [new("B", "2"), new("A", "1")], [], has, location)],
            [new VercelRewrite("/x", "/y", 200, [], [], new SourceLocation("vercel.json"))]);
        var build = new BuildSpec("node", [new BuildPhase("install", null), new BuildPhase("build", ["...", "npm run b"])], new ValueMap([new("K", "V")]))
        {
            OutputDirectory = "dist",
            Builder = "DOCKERFILE",
            DockerfilePath = "deploy/Dockerfile",
        };
        var health = new HealthCheckSpec("/health", TimeSpan.FromTicks(123_456_789))
        {
            Interval = TimeSpan.FromMilliseconds(1500),
            ProbeTimeout = TimeSpan.FromDays(1.5),
            FailureThreshold = 9,
        };
        var service = new ServiceSpec("api", ServiceKind.Cron, "api", build, "node x.js", ["node migrate.js"], health, new RestartPolicy(RestartPolicyKind.Always, 0), 0, ValueMap.Empty.With("A", ""))
        {
            CronSchedule = "0 0 * * *",
            DefinedAt = new SourceLocation("runway.toml", 4, 1),
            OverlapSeconds = 5,
            DrainingSeconds = 0,
            Domains = ["api.example.com"],
        };
        var edge = new EdgeSettings
        {
            SecurityHeaders = SecurityHeaderPreset.Off,
            RateLimits = [new RateLimitRule("/", 1, TimeSpan.FromSeconds(1))],
            Cors = new CorsSettings(["*"], ["GET"], false) { Headers = ["X-Y"], MaxAge = TimeSpan.Zero },
            MaxRequestBodySize = long.MaxValue,
            MaxRequestHeadersSize = 1,
        };
        var spec = new AppSpec(
            "every",
            "/srv/every",
            "preview-feature-x",
            [service, service with { Name = "web", Kind = ServiceKind.Web, StartCommand = null, DefinedAt = null, OverlapSeconds = null }],
            [new SiteSpec("site", ".", BuildSpec.Default, routing), new SiteSpec("bare", "bare", BuildSpec.Default, VercelRouting.None)],
            [new AddonSpec("db", AddonKind.Postgres, new ValueMap([new("version", "16")]))],
            new ValueMap([new("Z", "last"), new("A", "first"), new("line", "a\nb\u0000c")]))
        {
            Entry = "site",
            Edge = edge,
        };

        AssertRoundTrips(spec);
        Assert.NotEqual(spec, AppSpecJson.Deserialize(AppSpecJson.Serialize(spec with { Entry = null })));
    }

    [Fact]
    public void Enums_are_written_as_names_and_properties_in_camel_case()
    {
        var spec = Load(Path.Combine(RepoPaths.Examples, "fullstack"));

        var json = AppSpecJson.Serialize(spec);

        Assert.Contains("\"kind\":\"Web\"", json, StringComparison.Ordinal);
        Assert.Contains("\"securityHeaders\":\"Default\"", json, StringComparison.Ordinal);
        Assert.Contains("\"rootDirectory\":", json, StringComparison.Ordinal);
    }

    private static AppSpec Load(string directory, string environment = "production")
    {
        var result = AppLoader.Load(directory, new AppLoadOptions { Environment = environment });
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics));
        return result.Spec;
    }

    private static void AssertRoundTrips(AppSpec spec)
    {
        var json = AppSpecJson.Serialize(spec);
        var back = AppSpecJson.Deserialize(json);

        Assert.Equal(spec, back);
        Assert.Equal(json, AppSpecJson.Serialize(back));
    }
}
