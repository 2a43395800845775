using Runway.Config.Documents;
using Runway.Config.PackageJson;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.PackageJson;

public class PackageJsonReaderTests
{
    private static (PackageJsonDocument? Package, DiagnosticBag Diagnostics) Read(string json)
    {
        var diagnostics = new DiagnosticBag();
        return (PackageJsonReader.Parse(json, "package.json", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_name_scripts_main_and_engines()
    {
        var (package, diagnostics) = Read("""
            { "name": "@team/api", "version": "1.0.0", "main": "server.js",
              "scripts": { "start": "node server.js", "build": "tsc", "test": "jest" },
              "engines": { "node": ">=20" }, "dependencies": { "express": "^4" } }
            """);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(("@team/api", "node server.js", "tsc", "server.js", ">=20"), (package!.Name, package.StartScript, package.BuildScript, package.Main, package.NodeEngine));
    }

    [Fact]
    public void Scripts_give_the_node_defaults()
    {
        var layer = Read("{\"scripts\": {\"start\": \"node a.js\", \"build\": \"vite build\"}}").Package!.ToLayer(mainExists: false);

        Assert.Equal("npm start", layer.StartCommand);
        Assert.Equal(new BuildPhase("build", ValueList.Of("npm run build")), layer.Phases.Single());
    }

    [Fact]
    public void Main_starts_the_app_only_when_the_file_exists_and_there_is_no_start_script()
    {
        var package = Read("{\"main\": \"index.js\"}").Package!;

        Assert.Equal("node index.js", package.ToLayer(mainExists: true).StartCommand);
        Assert.Null(package.ToLayer(mainExists: false).StartCommand);
        Assert.Empty(package.ToLayer(mainExists: true).Phases);
    }

    [Fact]
    public void Wrong_types_are_warnings_and_ignored()
    {
        var (package, diagnostics) = Read("{\"name\": 5, \"scripts\": [\"start\"], \"main\": \"\"}");

        Assert.Equal(
        [
            "package.json:1:24: warning: scripts should be an object (got an array); it is ignored",
            "package.json:1:10: warning: name should be a string (got 5); it is ignored",
        ], diagnostics.Lines());
        Assert.Null(package!.Name);
        Assert.Null(package.Main);
    }

    [Fact]
    public void Invalid_json_is_an_error()
    {
        var (package, diagnostics) = Read("{\n  \"name\": \"a\"\n  \"main\": \"b\"\n}");

        Assert.Null(package);
        Assert.Equal("package.json:3:3", Assert.Single(diagnostics.Errors()).Split(": ")[0]);
    }
}
