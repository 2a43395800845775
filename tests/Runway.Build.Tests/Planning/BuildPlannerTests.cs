using Runway.Build.Planning;
using Runway.Build.Tests.Support;
using Runway.Model;
using Runway.Tests.Shared;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Planning;

public sealed class BuildPlannerTests
{
    private const string NodePackage = """{ "scripts": { "build": "tsc", "start": "node dist/index.js" } }""";

    [Fact]
    public void Explicit_provider_wins_over_detection()
    {
        var plan = PlannerHarness.Service(new(("package.json", NodePackage), ("main.py", "")), Service(build: BuildWith("python"))).Planned();

        Assert.Equal("python", plan.Provider);
        Assert.Equal("python3 main.py", plan.StartCommand);
    }

    [Fact]
    public void Provider_name_is_case_insensitive()
    {
        var plan = PlannerHarness.Service(new(("main.py", "")), Service(build: BuildWith("Python"))).Planned();

        Assert.Equal("python", plan.Provider);
    }

    [Fact]
    public void Unknown_provider_is_an_error_listing_the_known_ones()
    {
        var error = PlannerHarness.Service(new(("main.py", "")), Service(build: BuildWith("rust"))).SingleError();

        Assert.Contains("unknown build provider 'rust'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet, node, python, go, static", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_builder_warns_and_builds_with_the_detected_provider()
    {
        var result = PlannerHarness.Service(new(("package.json", NodePackage)), Service(build: BuildSpec.Default with { Builder = "DOCKERFILE" }));

        Assert.Equal("node", result.Planned().Provider);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("DOCKERFILE", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_command_override_keeps_the_default_install()
    {
        var build = BuildSpec.Default.WithPhase("build", ValueList.Of("npm run compile"));

        var plan = PlannerHarness.Service(new(("package.json", NodePackage), ("package-lock.json", "{}")), Service(build: build)).Planned();

        Assert.Equal(["npm ci"], plan.Commands("install"));
        Assert.Equal(["npm run compile"], plan.Commands("build"));
    }

    [Fact]
    public void Nixpacks_style_splice_around_the_default_install()
    {
        var build = BuildSpec.Default.WithPhase("install", ValueList.Of("echo pre", BuildSpec.ProviderDefault));

        var plan = PlannerHarness.Service(new(("package.json", NodePackage)), Service(build: build)).Planned();

        Assert.Equal(["echo pre", "npm install"], plan.Commands("install"));
    }

    [Fact]
    public void Service_in_a_missing_directory_is_an_error_naming_it()
    {
        using var root = new TempDirectory();
        var app = App(root.Path, [Service("api", "services/api", start: "x")]);

        var result = new BuildPlanner().Plan(app);

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("service 'api'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'services/api' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Plans);
    }

    [Fact]
    public void App_plan_reads_the_disk_and_lists_services_before_sites()
    {
        using var root = new TempDirectory();
        root.Write("api/main.py", "print('hi')");
        root.Write("web/index.html", "<p>hi</p>");
        var app = App(root.Path, [Service("api", "api")], [Site("web", "web")]);

        var result = new BuildPlanner().Plan(app);

        Assert.False(result.HasErrors, string.Join("; ", result.Diagnostics));
        Assert.Equal(["api", "web"], result.Plans.Select(p => p.PartName));
        Assert.Equal(["python", "static"], result.Plans.Select(p => p.Provider));
    }

    [Fact]
    public void A_service_and_a_site_may_not_share_a_name()
    {
        using var root = new TempDirectory();
        root.Write("index.html", "");
        var app = App(root.Path, [Service("web", start: "x")], [Site("web")]);

        var result = new BuildPlanner().Plan(app);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("same name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../up")]
    [InlineData(".hidden")]
    [InlineData("release.json")]
    [InlineData("a/b")]
    public void Part_names_must_be_plain_directory_names(string name)
    {
        using var root = new TempDirectory();
        var app = App(root.Path, [Service(name, start: "x")]);

        var result = new BuildPlanner().Plan(app);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("cannot be used as a directory name", StringComparison.Ordinal));
    }

    [Fact]
    public void Plans_compare_by_value()
    {
        var files = new InMemorySourceFiles(("package.json", NodePackage));

        Assert.Equal(PlannerHarness.Service(files).Planned(), PlannerHarness.Service(files).Planned());
    }
}
