using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Loading;

public class AppLoaderRunwayTomlTests
{
    [Fact]
    public void Services_and_sites_are_read_from_their_own_roots()
    {
        using var app = new TempApp(
            ("runway.toml", """
                name = "shop"
                entry = "frontend"
                [services.api]
                root = "api"
                [services.worker]
                root = "./worker/"
                type = "worker"
                startCommand = "python3 worker.py"
                [sites.frontend]
                root = "frontend"
                [addons.db]
                type = "postgres"
                """),
            ("api/package.json", "{\"scripts\": {\"start\": \"node server.js\"}}"),
            ("api/railway.toml", "[deploy]\nhealthcheckPath = \"/api/health\"\nrestartPolicyMaxRetries = 5\n"),
            ("worker/worker.py", ""),
            ("frontend/package.json", "{\"scripts\": {\"build\": \"node build.js\"}}"),
            ("frontend/vercel.json", "{\"outputDirectory\": \"dist\", \"rewrites\": [{\"source\": \"/(.*)\", \"destination\": \"/index.html\"}]}"));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        var spec = result.Spec!;
        Assert.Equal(("shop", "frontend"), (spec.Name, spec.Entry));
        var api = spec.Services[0];
        Assert.Equal(("api", ServiceKind.Web, "api", "npm start", "/api/health", 5), (api.Name, api.Kind, api.Directory, api.StartCommand, api.Health.Path, api.Restart.MaxRetries));
        var worker = spec.Services[1];
        Assert.Equal(("worker", ServiceKind.Worker, "worker", "python3 worker.py"), (worker.Name, worker.Kind, worker.Directory, worker.StartCommand));
        var site = Assert.Single(spec.Sites);
        Assert.Equal(("frontend", "frontend", "dist"), (site.Name, site.Directory, site.Build.OutputDirectory));
        Assert.Equal(ValueList.Of("npm run build"), site.Build.Phase("build")!.Commands);
        Assert.Equal("frontend/vercel.json:1:42", Assert.Single(site.Routing.Rewrites).Location.ToString());
        Assert.Equal(new AddonSpec("db", AddonKind.Postgres, ValueMap.Empty), Assert.Single(spec.Addons));
    }

    [Fact]
    public void Diagnostics_name_files_relative_to_the_app()
    {
        using var app = new TempApp(
            ("runway.toml", "[services.api]\nroot = \"api\"\n"),
            ("api/railway.toml", "[deploy]\nstartCommand = \"node a.js\"\n\n  restartPolicyType = \"SOMETIMES\"\n"));

        var result = app.Load();

        Assert.Null(result.Spec);
        Assert.Equal(["api/railway.toml:4:23: error: deploy.restartPolicyType must be one of ON_FAILURE, ALWAYS, NEVER (got \"SOMETIMES\")"], result.Lines());
    }

    [Fact]
    public void A_service_defaults_to_worker_unless_something_says_web()
    {
        using var app = new TempApp(("runway.toml", """
            entry = "front"
            [services.web]
            startCommand = "a"
            [services.checked]
            startCommand = "b"
            healthcheckPath = "/up"
            [services.front]
            startCommand = "c"
            [services.jobs]
            startCommand = "d"
            [services.nightly]
            startCommand = "e"
            cronSchedule = "0 0 * * *"
            """));

        var kinds = app.Load().Spec!.Services.ToDictionary(s => s.Name, s => s.Kind);

        Assert.Equal(ServiceKind.Web, kinds["web"]);
        Assert.Equal(ServiceKind.Web, kinds["checked"]);
        Assert.Equal(ServiceKind.Web, kinds["front"]);
        Assert.Equal(ServiceKind.Worker, kinds["jobs"]);
        Assert.Equal(ServiceKind.Cron, kinds["nightly"]);
    }

    [Fact]
    public void Cron_type_needs_a_schedule_and_other_types_ignore_one()
    {
        using var app = new TempApp(("runway.toml", "[services.a]\ntype = \"cron\"\nstartCommand = \"x\"\n[services.b]\ntype = \"web\"\nstartCommand = \"y\"\ncronSchedule = \"* * * * *\"\n"));

        var result = app.Load();

        Assert.Equal(
        [
            "runway.toml:1:11: error: service \"a\" is a cron service but has no cronSchedule; add one such as cronSchedule = \"*/5 * * * *\"",
            "runway.toml:4:11: warning: service \"b\" has type web, so its cronSchedule is ignored",
        ], result.Lines());
    }

    [Fact]
    public void Services_sharing_a_directory_split_its_procfile()
    {
        using var app = new TempApp(
            ("Procfile", "web: node server.js\nworker: node worker.js\nrelease: node migrate.js\nclock: node clock.js\n"),
            ("railway.toml", "[deploy]\nhealthcheckPath = \"/up\"\n"),
            ("runway.toml", "[services.api]\n[services.worker]\n"));

        var result = app.Load();

        var api = result.Spec!.Services[0];
        var worker = result.Spec.Services[1];
        Assert.Equal(("node server.js", ServiceKind.Web, "/up"), (api.StartCommand, api.Kind, api.Health.Path));
        Assert.Equal(ValueList.Of("node migrate.js"), api.ReleaseCommands);
        Assert.Equal(("node worker.js", ServiceKind.Worker, (string?)null), (worker.StartCommand, worker.Kind, worker.Health.Path));
        Assert.Equal(["Procfile:4:1: warning: process type \"clock\" is not run: no service in runway.toml uses it (declare [services.clock] with root \".\" to run it)"], result.Lines());
    }

    [Theory]
    [InlineData("/etc", "runway.toml:2:8: error: services.api.root must be a directory inside the app directory, relative to it (got \"/etc\")")]
    [InlineData("../other", "runway.toml:2:8: error: services.api.root must be a directory inside the app directory, relative to it (got \"../other\")")]
    [InlineData("missing", "runway.toml:2:8: error: services.api.root: the directory \"missing\" does not exist")]
    public void Roots_must_be_existing_directories_inside_the_app(string root, string expected)
    {
        using var app = new TempApp(("runway.toml", $"[services.api]\nroot = \"{root}\"\nstartCommand = \"x\"\n"));

        Assert.Equal([expected], app.Load().Lines());
    }

    [Fact]
    public void The_entry_must_name_a_web_service_or_a_site()
    {
        using var unknown = new TempApp(("runway.toml", "entry = \"nope\"\n[services.api]\nstartCommand = \"x\"\ntype = \"web\"\n"));
        using var worker = new TempApp(("runway.toml", "entry = \"jobs\"\n[services.jobs]\nstartCommand = \"x\"\ntype = \"worker\"\n"));

        Assert.Equal(["runway.toml:1:9: error: entry \"nope\" names no service or site (declared: api)"], unknown.Load().Lines());
        Assert.Equal(["runway.toml:1:9: error: entry \"jobs\" is a worker service; the entry must be a web service or a site"], worker.Load().Lines());
    }

    [Fact]
    public void An_add_on_carries_its_backups_into_the_spec()
    {
        using var app = new TempApp(
            ("index.html", ""),
            ("runway.toml", "[addons.db]\ntype = \"postgres\"\n[addons.db.backups]\nschedule = \"0 3 * * *\"\nkeep = 7\ns3 = { bucket = \"b\", endpoint = \"http://127.0.0.1:9000\" }\n"));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        var backups = result.Spec!.Addons.Single().Backups!;
        Assert.Equal(("0 3 * * *", 7, "b"), (backups.Schedule, backups.Keep, backups.S3!.Bucket));
    }

    [Fact]
    public void Names_are_unique_across_services_sites_and_addons()
    {
        using var app = new TempApp(
            ("index.html", ""),
            ("runway.toml", "[services.web]\nstartCommand = \"x\"\n[sites.web]\n[addons.web]\ntype = \"redis\"\n"));

        Assert.Equal(
        [
            "runway.toml:3:8: error: the name \"web\" is already used by a service; names must be unique across services, sites and add-ons",
            "runway.toml:4:9: error: the add-on name \"web\" is already used by a service; names must be unique across services, sites and add-ons",
        ], app.Load().Lines());
    }

    [Fact]
    public void Overrides_of_undeclared_parts_are_warnings()
    {
        using var app = new TempApp(("runway.toml", "[services.api]\nstartCommand = \"x\"\n[environments.staging.services.apx]\nnumReplicas = 2\n"));

        Assert.Empty(app.Load().Diagnostics);
        Assert.Equal(["runway.toml:3:32: warning: there is no [services.apx] to override; this table is ignored"], app.Load("staging").Lines());
    }

    [Fact]
    public void Without_services_or_sites_runway_toml_still_names_the_app_and_sets_variables()
    {
        using var app = new TempApp(("runway.toml", "name = \"named\"\n[variables]\nA = \"1\"\n"), ("Procfile", "web: x\n"));

        var spec = app.Load().Spec!;

        Assert.Equal("named", spec.Name);
        Assert.Equal("1", spec.Variables["A"]);
        Assert.Equal("web", Assert.Single(spec.Services).Name);
    }

    [Fact]
    public void Site_fields_in_runway_toml_override_vercel_json()
    {
        using var app = new TempApp(
            ("web/vercel.json", "{\"buildCommand\": \"vercel-build\", \"outputDirectory\": \"dist\"}"),
            ("runway.toml", "[sites.site]\nroot = \"web\"\noutputDirectory = \"out\"\n[environments.staging.sites.site]\nbuildCommand = \"staging-build\"\n"));

        var production = Assert.Single(app.Load().Spec!.Sites).Build;
        var staging = Assert.Single(app.Load("staging").Spec!.Sites).Build;

        Assert.Equal(("out", "vercel-build"), (production.OutputDirectory, production.Phase("build")!.Commands!.Value.Single()));
        Assert.Equal(("out", "staging-build"), (staging.OutputDirectory, staging.Phase("build")!.Commands!.Value.Single()));
    }
}
