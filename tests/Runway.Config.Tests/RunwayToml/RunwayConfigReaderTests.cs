using Runway.Config.Documents;
using Runway.Config.RunwayToml;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.RunwayToml;

public class RunwayConfigReaderTests
{
    private static (RunwayConfig? Config, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (RunwayConfigReader.Parse(text, "runway.toml", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_the_whole_schema()
    {
        var (config, diagnostics) = Read("""
            name = "fullstack"
            entry = "frontend"

            [variables]
            LOG_LEVEL = "info"

            [services.api]
            root = "api"
            type = "web"
            provider = "node"
            installCommand = "npm ci"
            buildCommand = ["npm run build", "npm run docs"]
            startCommand = "node server.js"
            preDeployCommand = ["node migrate.js"]
            healthcheckPath = "/health"
            healthcheckTimeout = 60
            restartPolicyType = "on_failure"
            restartPolicyMaxRetries = 5
            numReplicas = 2
            overlapSeconds = 10
            drainingSeconds = 5

            [services.api.variables]
            GREETING = "hello ${{ shared.LOG_LEVEL }}"

            [services.nightly]
            type = "cron"
            cronSchedule = "0 3 * * *"
            startCommand = "node report.js"

            [sites.frontend]
            root = "frontend"
            buildCommand = "npm run build"
            outputDirectory = "dist"

            [addons.db]
            type = "postgres"
            version = 16

            [addons.db.backups]
            schedule = "0 3 * * *"

            [addons.cache]
            type = "REDIS"

            [environments.staging.variables]
            LOG_LEVEL = "debug"

            [environments.staging.services.api]
            numReplicas = 1

            [environments.staging.sites.frontend]
            buildCommand = "npm run build:staging"
            """);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(("fullstack", "frontend", "runway.toml:2:9"), (config!.Name, config.Entry, config.EntryAt!.ToString()));
        Assert.Equal("info", config.Variables["LOG_LEVEL"]);

        var api = config.Services[0];
        Assert.Equal(("api", "api", "runway.toml:7:11"), (api.Name, api.Root, api.DefinedAt.ToString()));
        var layer = api.Layer;
        Assert.Equal(ServiceKind.Web, layer.Kind);
        Assert.Equal("node", layer.Provider);
        Assert.Equal(ValueList.Of("npm ci"), layer.Phases.Single(p => p.Name == "install").Commands);
        Assert.Equal(ValueList.Of("npm run build", "npm run docs"), layer.Phases.Single(p => p.Name == "build").Commands);
        Assert.Equal("node server.js", layer.StartCommand);
        Assert.Equal(ValueList.Of("node migrate.js"), layer.ReleaseCommands);
        Assert.Equal(("/health", 60, RestartPolicyKind.OnFailure, 5, 2), (layer.HealthcheckPath, layer.HealthcheckTimeoutSeconds, layer.RestartPolicy, layer.RestartMaxRetries, layer.Replicas));
        Assert.Equal((10, 5), (layer.OverlapSeconds, layer.DrainingSeconds));
        Assert.Equal("hello ${{ shared.LOG_LEVEL }}", layer.Variables["GREETING"]);

        var nightly = config.Services[1];
        Assert.Equal((".", ServiceKind.Cron, "0 3 * * *"), (nightly.Root, nightly.Layer.Kind, nightly.Layer.CronSchedule));

        var site = Assert.Single(config.Sites);
        Assert.Equal(("frontend", "frontend", "dist"), (site.Name, site.Root, site.Layer.OutputDirectory));

        Assert.Equal(2, config.Addons.Count);
        Assert.Equal(new AddonSpec("db", AddonKind.Postgres, new ValueMap([new("version", "16")])) { Backups = new AddonBackupSpec { Schedule = "0 3 * * *" } }, config.Addons[0].Spec);
        Assert.Equal(AddonKind.Redis, config.Addons[1].Spec.Kind);

        var staging = config.ForEnvironment("staging")!;
        Assert.Equal("debug", staging.Variables["LOG_LEVEL"]);
        Assert.Equal(1, staging.ServiceLayer("api", api.Layer).Replicas);
        Assert.Equal("node server.js", staging.ServiceLayer("api", api.Layer).StartCommand);
        Assert.Equal(ValueList.Of("npm run build:staging"), staging.SiteLayer("frontend", site.Layer).Phases.Single().Commands);
        Assert.Null(config.ForEnvironment("production"));
    }

    [Theory]
    [InlineData("[services.api]\ntype = \"daemon\"", "runway.toml:2:8: error: services.api.type must be one of web, worker, cron (got \"daemon\")")]
    [InlineData("[services.api]\nprovider = \"ruby\"", "runway.toml:2:12: error: services.api.provider must be one of node, python, dotnet, static, go (got \"ruby\")")]
    [InlineData("[services.api]\nnumReplicas = \"2\"", "runway.toml:2:15: error: services.api.numReplicas must be an integer (got \"2\")")]
    [InlineData("[services.\"my api\"]\nstartCommand = \"x\"", "runway.toml:1:11: error: service name \"my api\" is invalid: use letters, digits, - and _, starting with a letter or digit (at most 63 characters)")]
    [InlineData("[addons.db]\ntype = \"mysql\"", "runway.toml:2:8: error: addons.db.type must be one of postgres, redis (got \"mysql\")")]
    [InlineData("[addons.db]\nport = 5432", "runway.toml:1:9: error: addons.db needs a type (one of postgres, redis)")]
    [InlineData("name = \"my app\"", "runway.toml:1:8: error: name must hold letters, digits, - and _ only, start with a letter or digit, and be at most 63 characters (got \"my app\")")]
    [InlineData("services = 5", "runway.toml:1:12: error: services must be a table (got 5)")]
    public void Invalid_values_are_errors(string text, string expected)
    {
        var (_, diagnostics) = Read(text);

        Assert.Equal([expected], diagnostics.Lines());
    }

    [Fact]
    public void Unknown_fields_are_warnings_everywhere()
    {
        var (_, diagnostics) = Read("""
            nme = "x"
            [services.api]
            startComand = "a"
            [sites.web]
            outputDir = "dist"
            [environments.staging.services.api]
            root = "elsewhere"
            [environments.staging.database]
            url = "x"
            """);

        Assert.Equal(
        [
            "runway.toml:3:1: warning: unknown field services.api.startComand (did you mean startCommand?); it is ignored",
            "runway.toml:5:1: warning: unknown field sites.web.outputDir; it is ignored",
            "runway.toml:7:1: warning: unknown field environments.staging.services.api.root; it is ignored",
            "runway.toml:8:23: warning: unknown field environments.staging.database; it is ignored",
            "runway.toml:1:1: warning: unknown field nme (did you mean name?); it is ignored",
        ], diagnostics.Lines());
    }

    [Fact]
    public void Preview_environments_use_the_pr_overrides()
    {
        var (config, _) = Read("[environments.pr.variables]\nMODE = \"preview\"\n");

        Assert.Equal("preview", config!.ForEnvironment("preview-login")!.Variables["MODE"]);
    }
}
