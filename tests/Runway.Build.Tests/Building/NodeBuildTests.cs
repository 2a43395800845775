using Runway.Build.Releases;
using Runway.Model;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class NodeBuildTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Node_service_builds_in_its_release_and_leaves_the_source_untouched()
    {
        _harness.Write("package.json", """
            { "name": "shop", "version": "1.0.0", "scripts": { "build": "node build.js", "start": "node dist/server.js" } }
            """);
        _harness.Write("build.js", """
            const fs = require("fs");
            fs.mkdirSync("dist", { recursive: true });
            fs.writeFileSync("dist/server.js", "console.log('server up in ' + process.env.NODE_ENV)");
            console.log("built with NODE_ENV=" + process.env.NODE_ENV);
            """);
        var before = _harness.SnapshotSource();

        var result = await _harness.BuildAsync(_harness.App([Service("web")]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var part = Assert.Single(result.Parts);
        Assert.Equal(result.Release!.PartDirectory("web"), part.Directory);
        Assert.True(File.Exists(Path.Combine(part.Directory, "dist/server.js")));
        Assert.True(File.Exists(Path.Combine(part.Directory, "package-lock.json")), "npm install ran in the release");
        Assert.Equal(before, _harness.SnapshotSource());
        Assert.Contains("[web] built with NODE_ENV=production", File.ReadAllLines(result.Release.BuildLogPath));
        Assert.Equal(ReleaseStatus.Complete, _harness.Store.ReadMetadata(result.Release)!.Status);

        var (exitCode, output) = await BuildHarness.RunStartCommandAsync(part);
        Assert.Equal(0, exitCode);
        Assert.Contains("server up in production", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_dependencies_are_installed_for_the_build()
    {
        // A local devDependency installs offline; with NODE_ENV=production npm would leave it out unless told otherwise.
        _harness.Write("tools/markdown/package.json", """{ "name": "markdown", "version": "1.0.0", "main": "index.js" }""");
        _harness.Write("tools/markdown/index.js", "module.exports = s => '<p>' + s + '</p>';");
        _harness.Write("package.json", """
            {
              "name": "docs", "version": "1.0.0",
              "devDependencies": { "markdown": "file:./tools/markdown" },
              "scripts": { "build": "node -e \"require('fs').mkdirSync('dist');require('fs').writeFileSync('dist/index.html', require('markdown')('hi'))\"" }
            }
            """);

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("docs")]));

        Assert.True(result.Succeeded, result.Failure?.Message + "\n" + string.Join("\n", result.Failure?.LastLines ?? ValueList<string>.Empty));
        var part = Assert.Single(result.Parts);
        Assert.Equal("node", part.Plan.Provider);
        Assert.Equal(Path.Combine(part.Directory, "dist"), part.OutputDirectory);
        Assert.Equal("<p>hi</p>", File.ReadAllText(Path.Combine(part.OutputDirectory!, "index.html")));
        Assert.False(Directory.Exists(Path.Combine(_harness.AppRoot, "node_modules")));
    }

    [Fact]
    public async Task Node_site_serves_the_first_output_directory_its_build_wrote()
    {
        _harness.Write("web/package.json", """
            { "name": "web", "version": "1.0.0", "scripts": { "build": "mkdir -p build && echo '<h1>app</h1>' > build/index.html" } }
            """);
        _harness.Write("web/public/favicon.ico", "icon");

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("web", "web")]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var part = Assert.Single(result.Parts);
        Assert.Equal(Path.Combine(part.Directory, "build"), part.OutputDirectory);
        var recorded = Assert.Single(_harness.Store.ReadMetadata(result.Release!)!.Parts);
        Assert.Equal("build", recorded.OutputDirectory);
    }

    public void Dispose() => _harness.Dispose();
}
