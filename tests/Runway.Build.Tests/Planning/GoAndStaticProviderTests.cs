using Runway.Build.Planning;
using Runway.Build.Tests.Support;

namespace Runway.Build.Tests.Planning;

public sealed class GoAndStaticProviderTests
{
    [Fact]
    public void Go_module_builds_one_binary_and_starts_it()
    {
        var plan = PlannerHarness.Service(new(("go.mod", "module example.com/app\n"), ("main.go", "package main"))).Planned();

        Assert.Equal("go", plan.Provider);
        Assert.Equal(["go build -o out/app ."], plan.Commands("build"));
        Assert.Equal("./out/app", plan.StartCommand);
    }

    [Fact]
    public void Site_with_index_html_is_static_with_nothing_to_run()
    {
        var plan = PlannerHarness.Site(new(("index.html", "<h1>hi</h1>"))).Planned();

        Assert.Equal("static", plan.Provider);
        Assert.Equal(PartKind.Site, plan.Kind);
        Assert.Empty(plan.Phases);
        Assert.Null(plan.StartCommand);
        Assert.Null(plan.OutputDirectory);
    }

    [Fact]
    public void Site_with_a_build_script_is_installed_and_built_by_node()
    {
        var plan = PlannerHarness.Site(new(("package.json", """{ "scripts": { "build": "vite build", "start": "vite preview" } }"""))).Planned();

        Assert.Equal("node", plan.Provider);
        Assert.Equal(["npm install"], plan.Commands("install"));
        Assert.Equal(["npm run build"], plan.Commands("build"));
        Assert.Null(plan.StartCommand);
    }

    [Fact]
    public void Site_with_a_package_json_but_no_build_is_static()
    {
        var plan = PlannerHarness.Site(new(("package.json", """{ "name": "x" }"""), ("index.html", ""))).Planned();

        Assert.Equal("static", plan.Provider);
        Assert.Empty(plan.Phases);
    }

    [Fact]
    public void Site_with_a_build_command_and_no_package_json_runs_it()
    {
        var site = Specs.Site(build: BuildSpec(Specs.Phase("build", "hugo --minify")) with { OutputDirectory = "./public/" });
        var plan = PlannerHarness.Site(new(("config.toml", "")), site).Planned();

        Assert.Equal("static", plan.Provider);
        Assert.Equal(["hugo --minify"], plan.Commands("build"));
        Assert.Equal("public", plan.OutputDirectory);
    }

    [Theory]
    [InlineData("../elsewhere")]
    [InlineData("/var/www")]
    [InlineData("dist/../..")]
    public void Site_output_directory_outside_the_site_is_an_error(string output)
    {
        var site = Specs.Site(build: Runway.Model.BuildSpec.Default with { OutputDirectory = output });

        var error = PlannerHarness.Site(new(("index.html", "")), site).SingleError();

        Assert.Contains("inside the site's directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_with_no_known_files_and_a_start_command_builds_nothing()
    {
        var plan = PlannerHarness.Service(new(("run.sh", "#!/bin/sh")), Specs.Service(start: "./run.sh")).Planned();

        Assert.Equal("static", plan.Provider);
        Assert.Empty(plan.Phases);
        Assert.Equal("./run.sh", plan.StartCommand);
    }

    [Fact]
    public void Service_with_no_known_files_and_no_start_command_says_what_was_looked_for()
    {
        var error = PlannerHarness.Service(new(("run.sh", "#!/bin/sh")), Specs.Service("worker")).SingleError();

        Assert.Contains("service 'worker' has no start command", error.Message, StringComparison.Ordinal);
        Assert.Contains("package.json", error.Message, StringComparison.Ordinal);
    }

    private static Runway.Model.BuildSpec BuildSpec(params Runway.Model.BuildPhase[] phases) => Specs.BuildWith(null, phases);
}
