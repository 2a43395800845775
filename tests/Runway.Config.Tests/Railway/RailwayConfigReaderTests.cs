using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Config.Railway;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Railway;

public class RailwayConfigReaderTests
{
    private static (RailwayConfig? Config, DiagnosticBag Diagnostics) Read(string text, string file = "railway.toml")
    {
        var diagnostics = new DiagnosticBag();
        return (RailwayConfigReader.Parse(text, file, diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_every_build_and_deploy_field_from_toml()
    {
        var (config, diagnostics) = Read("""
            [build]
            builder = "NIXPACKS"
            buildCommand = "npm run build"
            dockerfilePath = "Dockerfile.web"
            watchPatterns = ["src/**"]
            nixpacksConfigPath = "ci/nixpacks.toml"

            [deploy]
            startCommand = "npm start"
            preDeployCommand = ["npm run migrate", "npm run seed"]
            numReplicas = 3
            healthcheckPath = "/health"
            healthcheckTimeout = 60
            restartPolicyType = "ALWAYS"
            restartPolicyMaxRetries = 4
            cronSchedule = "*/5 * * * *"
            overlapSeconds = 20
            drainingSeconds = 15
            region = "us-west2"
            """);

        Assert.Empty(diagnostics.Items);
        var layer = config!.Base;
        Assert.Equal("NIXPACKS", layer.Builder);
        Assert.Equal("Dockerfile.web", layer.DockerfilePath);
        Assert.Equal("ci/nixpacks.toml", layer.NixpacksConfigPath);
        Assert.Equal(new BuildPhase("build", ValueList.Of("npm run build")), Assert.Single(layer.Phases));
        Assert.Equal("npm start", layer.StartCommand);
        Assert.Equal("railway.toml:9:16", layer.StartCommandAt!.ToString());
        Assert.Equal(ValueList.Of("npm run migrate", "npm run seed"), layer.ReleaseCommands);
        Assert.Equal(3, layer.Replicas);
        Assert.Equal("/health", layer.HealthcheckPath);
        Assert.Equal(60, layer.HealthcheckTimeoutSeconds);
        Assert.Equal(RestartPolicyKind.Always, layer.RestartPolicy);
        Assert.Equal(4, layer.RestartMaxRetries);
        Assert.Equal("*/5 * * * *", layer.CronSchedule);
        Assert.Equal(20, layer.OverlapSeconds);
        Assert.Equal(15, layer.DrainingSeconds);
    }

    [Fact]
    public void Reads_railway_json_with_schema_and_null_as_unset()
    {
        var (config, diagnostics) = Read("""
            {
              "$schema": "https://railway.com/railway.schema.json",
              "build": { "builder": "dockerfile", "buildCommand": null },
              "deploy": { "startCommand": "node server.js", "preDeployCommand": "node migrate.js", "restartPolicyType": "on_failure", "healthcheckTimeout": 30.0 }
            }
            """, "railway.json");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("DOCKERFILE", config!.Base.Builder);
        Assert.Empty(config.Base.Phases);
        Assert.Equal(ValueList.Of("node migrate.js"), config.Base.ReleaseCommands);
        Assert.Equal(RestartPolicyKind.OnFailure, config.Base.RestartPolicy);
        Assert.Equal(30, config.Base.HealthcheckTimeoutSeconds);
        Assert.Equal("railway.json:4:31", config.Base.StartCommandAt!.ToString());
    }

    [Fact]
    public void A_wrong_restart_policy_is_an_error_at_the_value()
    {
        var (_, diagnostics) = Read("""
            [build]
            builder = "NIXPACKS"

            [deploy]
            startCommand = "npm start"
            healthcheckPath = "/health"
            restartPolicyType = "SOMETIMES"
            """);

        Assert.Equal(["railway.toml:7:21: error: deploy.restartPolicyType must be one of ON_FAILURE, ALWAYS, NEVER (got \"SOMETIMES\")"], diagnostics.Lines());
    }

    [Theory]
    [InlineData("numReplicas = \"2\"", "railway.toml:2:15: error: deploy.numReplicas must be an integer (got \"2\")")]
    [InlineData("numReplicas = 0", "railway.toml:2:15: error: deploy.numReplicas must be at least 1 (got 0)")]
    [InlineData("healthcheckTimeout = 1.5", "railway.toml:2:22: error: deploy.healthcheckTimeout must be an integer (got 1.5)")]
    [InlineData("healthcheckPath = \"health\"", "railway.toml:2:19: error: deploy.healthcheckPath must be a path starting with / (got \"health\")")]
    [InlineData("preDeployCommand = 5", "railway.toml:2:20: error: deploy.preDeployCommand must be a string or an array of strings (got 5)")]
    [InlineData("preDeployCommand = [\"a\", 1]", "railway.toml:2:26: error: deploy.preDeployCommand[1] must be a string (got 1)")]
    [InlineData("sleepApplication = \"yes\"", "railway.toml:2:20: error: deploy.sleepApplication must be true or false (got \"yes\")")]
    [InlineData("restartPolicyMaxRetries = -1", "railway.toml:2:27: error: deploy.restartPolicyMaxRetries must be at least 0 (got -1)")]
    [InlineData("cronSchedule = \"* * *\"", "railway.toml:2:16: error: deploy.cronSchedule has 3 fields; expected 5 (minute hour day-of-month month day-of-week) (got \"* * *\")")]
    [InlineData("cronSchedule = \"61 * * * *\"", "railway.toml:2:16: error: deploy.cronSchedule has an invalid minute field \"61\" (allowed: *, 0-59, ranges a-b, steps /n, lists a,b) (got \"61 * * * *\")")]
    public void Wrong_deploy_values_name_the_field_and_what_was_expected(string line, string expected)
    {
        var (_, diagnostics) = Read("[deploy]\n" + line + "\n");

        Assert.Equal([expected], diagnostics.Lines());
    }

    [Theory]
    [InlineData("0 9 * * MON-FRI")]
    [InlineData("*/15 0-6,22-23 1,15 JAN-jun 0")]
    [InlineData("5 4 * * 7")]
    public void Valid_cron_schedules_are_accepted(string schedule)
    {
        var (config, diagnostics) = Read($"[deploy]\ncronSchedule = \"{schedule}\"\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(schedule, config!.Base.CronSchedule);
    }

    [Fact]
    public void A_wrong_builder_lists_the_builders()
    {
        var (_, diagnostics) = Read("[build]\nbuilder = \"heroku\"\n");

        Assert.Equal(["railway.toml:2:11: error: build.builder must be one of RAILPACK, NIXPACKS, DOCKERFILE (got \"heroku\")"], diagnostics.Lines());
    }

    [Fact]
    public void Unknown_fields_are_warnings_with_a_suggestion()
    {
        var (config, diagnostics) = Read("[deploy]\nhealthCheckPath = \"/h\"\nstartCommand = \"x\"\n\n[service]\nname = \"a\"\n");

        Assert.Equal(
        [
            "railway.toml:2:1: warning: unknown field deploy.healthCheckPath (did you mean healthcheckPath?); it is ignored",
            "railway.toml:5:2: warning: unknown field service; it is ignored",
        ], diagnostics.Lines());
        Assert.Equal("x", config!.Base.StartCommand);
    }

    [Fact]
    public void Wrong_types_in_railway_json_have_positions()
    {
        var (_, diagnostics) = Read("{\n  \"deploy\": {\n    \"numReplicas\": \"many\"\n  }\n}", "railway.json");

        Assert.Equal(["railway.json:3:20: error: deploy.numReplicas must be an integer (got \"many\")"], diagnostics.Lines());
    }

    [Fact]
    public void A_toml_syntax_error_is_positioned()
    {
        var (config, diagnostics) = Read("[deploy]\nstartCommand = \"npm start\n");

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Items);
        Assert.True(error.IsError);
        Assert.Equal("railway.toml", error.Location.File);
        Assert.Equal(2, error.Location.Line);
        Assert.StartsWith("invalid TOML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_object_railway_json_is_an_error()
    {
        var (_, diagnostics) = Read("[1, 2]", "railway.json");

        Assert.Equal(["railway.json:1:1: error: railway.json must hold an object with build and deploy sections (got an array)"], diagnostics.Lines());
    }

    [Fact]
    public void Environment_overrides_apply_over_the_base()
    {
        var (config, diagnostics) = Read("""
            [build]
            buildCommand = "npm run build"

            [deploy]
            startCommand = "npm start"
            numReplicas = 1

            [environments.staging.deploy]
            numReplicas = 2

            [environments.pr.deploy]
            startCommand = "npm run preview"

            [environments.pr-7.build]
            buildCommand = "npm run build:pr7"
            """);

        Assert.Empty(diagnostics.Items);
        var staging = config!.ForEnvironment("staging");
        Assert.Equal(2, staging.Replicas);
        Assert.Equal("npm start", staging.StartCommand);

        Assert.Equal(1, config.ForEnvironment("production").Replicas);
        Assert.Equal("npm run preview", config.ForEnvironment("pr-12").StartCommand);
        Assert.Equal("npm run preview", config.ForEnvironment("preview-feature").StartCommand);

        // An exact name wins over the pr fallback.
        var exact = config.ForEnvironment("pr-7");
        Assert.Equal("npm start", exact.StartCommand);
        Assert.Equal(ValueList.Of("npm run build:pr7"), exact.Phases.Single().Commands);
    }

    [Fact]
    public void Unknown_fields_inside_environments_are_warnings()
    {
        var (_, diagnostics) = Read("[environments.staging]\ndeploy = { numReplicas = 2 }\nvariables = { A = \"1\" }\n");

        Assert.Equal(["railway.toml:3:1: warning: unknown field environments.staging.variables; it is ignored"], diagnostics.Lines());
    }

    [Fact]
    public void Multi_region_replicas_add_up_when_numReplicas_is_not_set()
    {
        var (config, diagnostics) = Read("""
            [deploy.multiRegionConfig.us-west2]
            numReplicas = 2
            [deploy.multiRegionConfig.europe-west4]
            numReplicas = 1
            """);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(3, config!.Base.Replicas);
    }

    [Fact]
    public void Sleep_application_warns_that_it_is_not_supported()
    {
        var (_, diagnostics) = Read("[deploy]\nsleepApplication = true\n");

        Assert.Equal(["railway.toml:2:1: warning: deploy.sleepApplication is not supported yet; the service keeps running while idle"], diagnostics.Lines());
    }

    [Fact]
    public void The_pr_environment_is_used_only_for_preview_names()
    {
        Assert.Equal("pr", EnvironmentNames.Select(["pr", "staging"], "pr-3"));
        Assert.Equal("pr", EnvironmentNames.Select(["pr"], "preview-main"));
        Assert.Null(EnvironmentNames.Select(["pr"], "production"));
        Assert.Null(EnvironmentNames.Select(["staging"], "pr-3"));
    }
}
