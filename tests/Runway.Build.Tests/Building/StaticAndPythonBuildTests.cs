using Runway.Model;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class StaticAndPythonBuildTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Static_site_build_command_runs_with_build_variables_and_its_output_is_served()
    {
        var build = BuildWith(null, Phase("build", "mkdir -p dist && echo \"<h1>$GREETING from $APP_WIDE</h1>\" > dist/index.html")) with
        {
            Variables = Map(("GREETING", "hello")),
        };

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", build: build)], variables: Map(("APP_WIDE", "runway"))));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var part = Assert.Single(result.Parts);
        Assert.Equal("static", part.Plan.Provider);
        Assert.Equal("<h1>hello from runway</h1>\n", File.ReadAllText(Path.Combine(part.OutputDirectory!, "index.html")));
        Assert.False(Directory.Exists(Path.Combine(_harness.AppRoot, "dist")));
    }

    [Fact]
    public async Task Static_site_without_a_build_is_served_from_its_directory()
    {
        _harness.Write("site/index.html", "<p>plain</p>");

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("site", "site")]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var part = Assert.Single(result.Parts);
        Assert.Equal(part.Directory, part.OutputDirectory);
        Assert.Equal("<p>plain</p>", File.ReadAllText(Path.Combine(part.OutputDirectory!, "index.html")));
    }

    [Fact]
    public async Task Configured_output_directory_missing_after_the_build_fails_the_release()
    {
        _harness.Write("index.html", "x");
        var build = BuildSpec.Default with { OutputDirectory = "dist" };

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", build: build)]));

        Assert.False(result.Succeeded);
        Assert.Contains("output directory 'dist' does not exist after the build", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(Runway.Build.Releases.ReleaseStatus.Failed, _harness.Store.ReadMetadata(result.Release!)!.Status);
    }

    [Fact]
    public async Task Python_project_without_requirements_builds_without_a_virtual_environment_and_starts()
    {
        _harness.Write("api/main.py", "import os\nprint('hello from python', os.environ.get('PYTHONUNBUFFERED'))\n");
        _harness.Write("api/requirements.txt", "# no dependencies yet\n");

        var result = await _harness.BuildAsync(_harness.App([Service("api", "api")]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var part = Assert.Single(result.Parts);
        Assert.Equal("python", part.Plan.Provider);
        Assert.Empty(part.Plan.Phases);
        Assert.False(Directory.Exists(Path.Combine(part.Directory, ".venv")));
        var (exitCode, output) = await BuildHarness.RunStartCommandAsync(part);
        Assert.Equal(0, exitCode);
        Assert.Equal("hello from python 1", output.Trim());
    }

    public void Dispose() => _harness.Dispose();
}
