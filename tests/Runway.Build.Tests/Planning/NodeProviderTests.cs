using Runway.Build.Tests.Support;
using Runway.Model;

namespace Runway.Build.Tests.Planning;

public sealed class NodeProviderTests
{
    private const string FullPackage = """{ "name": "app", "scripts": { "build": "vite build", "start": "node server.js" } }""";

    [Fact]
    public void Package_with_lock_file_installs_with_npm_ci_builds_and_starts_with_scripts()
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage), ("package-lock.json", "{}"))).Planned();

        Assert.Equal("node", plan.Provider);
        Assert.Equal(["install", "build"], plan.PhaseNames());
        Assert.Equal(["npm ci"], plan.Commands("install"));
        Assert.Equal(["npm run build"], plan.Commands("build"));
        Assert.Equal("npm start", plan.StartCommand);
    }

    [Fact]
    public void Package_without_lock_file_installs_with_npm_install()
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage))).Planned();

        Assert.Equal(["npm install"], plan.Commands("install"));
    }

    [Fact]
    public void Shrinkwrap_counts_as_a_lock_file()
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage), ("npm-shrinkwrap.json", "{}"))).Planned();

        Assert.Equal(["npm ci"], plan.Commands("install"));
    }

    [Fact]
    public void Without_build_script_there_is_no_build_phase()
    {
        var plan = PlannerHarness.Service(new(("package.json", """{ "scripts": { "start": "node a.js" } }"""))).Planned();

        Assert.Equal(["install"], plan.PhaseNames());
    }

    [Theory]
    [InlineData("""{ "main": "src/app.js" }""", "src/app.js", "node src/app.js")]
    [InlineData("""{ }""", "index.js", "node index.js")]
    [InlineData("""{ }""", "server.js", "node server.js")]
    [InlineData("""{ "main": "missing.js" }""", "index.js", "node index.js")]
    public void Without_start_script_starts_the_first_existing_entry_file(string package, string file, string expected)
    {
        var plan = PlannerHarness.Service(new(("package.json", package), (file, "console.log(1)"))).Planned();

        Assert.Equal(expected, plan.StartCommand);
    }

    [Fact]
    public void Main_written_by_the_build_is_trusted_when_there_is_a_build_script()
    {
        var plan = PlannerHarness.Service(new(("package.json", """{ "main": "dist/index.js", "scripts": { "build": "tsc" } }"""))).Planned();

        Assert.Equal("node dist/index.js", plan.StartCommand);
    }

    [Fact]
    public void Index_js_wins_over_server_js()
    {
        var plan = PlannerHarness.Service(new(("package.json", "{}"), ("server.js", ""), ("index.js", ""))).Planned();

        Assert.Equal("node index.js", plan.StartCommand);
    }

    [Fact]
    public void Missing_start_is_an_error_naming_the_service_and_the_fixes()
    {
        var error = PlannerHarness.Service(new(("package.json", """{ "scripts": { "build": "tsc" } }""")), Specs.Service("api")).SingleError();

        Assert.Contains("service 'api' has no start command", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"start\" script", error.Message, StringComparison.Ordinal);
        Assert.Contains("Procfile web line", error.Message, StringComparison.Ordinal);
        Assert.Contains("deploy.startCommand in railway.toml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_command_in_the_spec_wins_over_the_default()
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage)), Specs.Service(start: "node worker.js")).Planned();

        Assert.Equal("node worker.js", plan.StartCommand);
    }

    [Theory]
    [InlineData("yarn.lock", "yarn install --frozen-lockfile", "yarn run build", "yarn start")]
    [InlineData("pnpm-lock.yaml", "pnpm install --frozen-lockfile", "pnpm run build", "pnpm start")]
    [InlineData("bun.lockb", "bun install --frozen-lockfile", "bun run build", "bun run start")]
    public void Other_package_managers_are_chosen_by_lock_file(string lockFile, string install, string build, string start)
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage), (lockFile, ""))).Planned();

        Assert.Equal([install], plan.Commands("install"));
        Assert.Equal([build], plan.Commands("build"));
        Assert.Equal(start, plan.StartCommand);
    }

    [Fact]
    public void PackageManager_field_wins_over_lock_files()
    {
        var package = """{ "packageManager": "pnpm@9.1.0", "scripts": { "start": "x" } }""";
        var plan = PlannerHarness.Service(new(("package.json", package), ("package-lock.json", "{}"))).Planned();

        Assert.Equal(["pnpm install"], plan.Commands("install"));
    }

    [Fact]
    public void Builds_in_production_mode_with_dev_dependencies_installed()
    {
        var plan = PlannerHarness.Service(new(("package.json", FullPackage))).Planned();

        Assert.Equal("production", plan.ProviderBuildEnvironment["NODE_ENV"]);
        Assert.Equal("dev", plan.ProviderBuildEnvironment["NPM_CONFIG_INCLUDE"]);
        Assert.Equal("false", plan.ProviderBuildEnvironment["YARN_PRODUCTION"]);
        Assert.Equal("production", plan.ProviderRunEnvironment["NODE_ENV"]);
        Assert.Equal(ValueList.Of("node_modules/.bin"), plan.PathPrefixes);
    }

    [Fact]
    public void Invalid_package_json_is_an_error_with_its_position()
    {
        var result = PlannerHarness.Service(new(("package.json", "{\n  \"scripts\": {,\n}")), Specs.Service(start: "node a.js"));

        var error = result.SingleError();
        Assert.Equal(2, error.Location.Line);
        Assert.EndsWith("package.json", error.Location.File, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Package_json_that_is_not_an_object_is_an_error()
    {
        var error = PlannerHarness.Service(new(("package.json", "[]")), Specs.Service(start: "x")).SingleError();

        Assert.Contains("JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_with_spaces_is_quoted_for_the_shell()
    {
        var plan = PlannerHarness.Service(new(("package.json", """{ "main": "my app.js" }"""), ("my app.js", ""))).Planned();

        Assert.Equal("node 'my app.js'", plan.StartCommand);
    }

    [Fact]
    public void Variables_merge_app_then_service_then_build()
    {
        var app = Specs.App("/src/app", variables: Specs.Map(("A", "app"), ("B", "app"), ("C", "app")));
        var build = BuildSpec.Default with { Variables = Specs.Map(("C", "build")) };
        var service = Specs.Service(build: build, variables: Specs.Map(("B", "service"), ("C", "service")));

        var plan = PlannerHarness.Service(new(("package.json", FullPackage)), service, app).Planned();

        Assert.Equal(Specs.Map(("A", "app"), ("B", "service"), ("C", "build")), plan.Variables);
    }
}
