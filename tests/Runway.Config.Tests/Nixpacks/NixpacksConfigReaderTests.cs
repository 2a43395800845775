using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Config.Nixpacks;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Nixpacks;

public class NixpacksConfigReaderTests
{
    private static (ServiceLayer? Layer, DiagnosticBag Diagnostics) Read(string text, string file = "nixpacks.toml")
    {
        var diagnostics = new DiagnosticBag();
        return (NixpacksConfigReader.Parse(text, file, diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_phases_start_variables_and_provider()
    {
        var (layer, diagnostics) = Read("""
            providers = ["node"]

            [variables]
            NODE_ENV = "production"
            WORKERS = 4

            [phases.install]
            cmds = ["npm ci"]
            cacheDirectories = ["node_modules/.cache"]

            [phases.build]
            cmds = ["...", "npm run build:css"]

            [start]
            cmd = "node dist/server.js"
            onlyIncludeFiles = ["dist"]
            """);

        Assert.Empty(diagnostics.Items);
        Assert.Equal("node", layer!.Provider);
        Assert.Equal(new ValueMap([new("NODE_ENV", "production"), new("WORKERS", "4")]), layer.BuildVariables);
        Assert.Equal(ValueList.Of("install", "build"), layer.PhaseOrder);
        Assert.Equal(ValueList.Of("npm ci"), layer.Phases.Single(p => p.Name == "install").Commands);
        Assert.Equal(ValueList.Of(BuildSpec.ProviderDefault, "npm run build:css"), layer.Phases.Single(p => p.Name == "build").Commands);
        Assert.Equal("node dist/server.js", layer.StartCommand);
        Assert.Equal("nixpacks.toml:15:7", layer.StartCommandAt!.ToString());
    }

    [Fact]
    public void Phases_run_in_dependency_order()
    {
        var (layer, diagnostics) = Read("""
            [phases.assets]
            cmds = ["npm run assets"]
            dependsOn = ["install"]

            [phases.build]
            cmds = ["npm run build"]
            dependsOn = ["...", "assets"]

            [phases.setup]
            cmds = ["echo setup"]
            nixPkgs = ["..."]

            [phases.lint]
            cmds = ["npm run lint"]
            """);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(ValueList.Of("setup", "install", "assets", "build", "lint"), layer!.PhaseOrder);
        var build = ServiceAssembler.ToBuild(layer);
        Assert.Equal(["setup", "install", "assets", "build", "lint"], build.Phases.Select(p => p.Name));
        Assert.Null(build.Phase("install")!.Commands);
    }

    [Fact]
    public void A_dependency_cycle_is_an_error()
    {
        var (_, diagnostics) = Read("""
            [phases.a]
            cmds = ["a"]
            dependsOn = ["b"]

            [phases.b]
            cmds = ["b"]
            dependsOn = ["a"]
            """);

        Assert.Equal(["nixpacks.toml:1:9: error: phases: dependsOn forms a cycle among phases a, b; remove one of the dependencies"], diagnostics.Lines());
    }

    [Fact]
    public void An_unknown_dependency_is_a_warning()
    {
        var (layer, diagnostics) = Read("[phases.build]\ncmds = [\"make\"]\ndependsOn = [\"compile\"]\n");

        Assert.Equal(["nixpacks.toml:1:9: warning: phases.build.dependsOn names phase \"compile\", which does not exist; it is ignored"], diagnostics.Lines());
        Assert.Equal(ValueList.Of("install", "build"), layer!.PhaseOrder);
    }

    [Fact]
    public void Packages_that_cannot_be_installed_are_warned_about()
    {
        var (_, diagnostics) = Read("[phases.setup]\nnixPkgs = [\"...\", \"ffmpeg\"]\naptPkgs = [\"libpq-dev\"]\n");

        Assert.Equal(
        [
            "nixpacks.toml:2:1: warning: phases.setup.nixPkgs cannot be installed by Runway; they are ignored (install ffmpeg on this machine)",
            "nixpacks.toml:3:1: warning: phases.setup.aptPkgs cannot be installed by Runway; they are ignored (install libpq-dev on this machine)",
        ], diagnostics.Lines());
    }

    [Fact]
    public void Images_and_unknown_fields_are_warnings()
    {
        var (_, diagnostics) = Read("buildImage = \"x\"\n[start]\ncmd = \"a\"\nrunImage = \"y\"\n[phases.build]\ncommands = [\"b\"]\n");

        Assert.Equal(
        [
            "nixpacks.toml:1:1: warning: buildImage is ignored: Runway builds on this machine, not in an image",
            "nixpacks.toml:6:1: warning: unknown field phases.build.commands; it is ignored",
            "nixpacks.toml:4:1: warning: start.runImage is ignored: Runway runs the service on this machine, not in an image",
        ], diagnostics.Lines());
    }

    [Theory]
    [InlineData("[\"python\"]", "python", null)]
    [InlineData("[\"...\", \"csharp\"]", "dotnet", null)]
    [InlineData("[\"staticfile\"]", "static", null)]
    [InlineData("[\"rust\"]", null, "nixpacks.toml:1:1: warning: providers names provider \"rust\", which Runway cannot build yet (supported: node, python, go, csharp, staticfile); it is ignored")]
    [InlineData("[\"node\", \"python\"]", "node", "nixpacks.toml:1:1: warning: providers names several providers; Runway builds with one, so \"node\" is used")]
    public void Providers_map_to_runway_providers(string providers, string? expected, string? warning)
    {
        var (layer, diagnostics) = Read("providers = " + providers + "\n");

        Assert.Equal(expected, layer!.Provider);
        Assert.Equal(warning is null ? [] : [warning], diagnostics.Lines());
    }

    [Fact]
    public void Reads_nixpacks_json()
    {
        var (layer, diagnostics) = Read("{ \"phases\": { \"build\": { \"cmds\": [\"go build\"] } }, \"start\": { \"cmd\": \"./app\" } }", "nixpacks.json");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("./app", layer!.StartCommand);
        Assert.Equal(ValueList.Of("go build"), layer.Phases.Single().Commands);
    }

    [Fact]
    public void Wrong_types_are_errors()
    {
        var (_, diagnostics) = Read("[phases.build]\ncmds = \"make\"\n");

        Assert.Equal(["nixpacks.toml:2:8: error: phases.build.cmds must be an array of strings (got \"make\")"], diagnostics.Lines());
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var variables = new ValueMap([new(NixpacksEnvironment.InstallCommand, "pnpm i"), new(NixpacksEnvironment.BuildCommand, "pnpm build"), new(NixpacksEnvironment.StartCommand, "pnpm start")]);
        var file = ServiceLayer.Empty.WithPhase("build", ValueList.Of("npm run build")) with { StartCommand = "npm start" };

        var merged = NixpacksEnvironment.Layer(variables).Over(file);

        Assert.Equal("pnpm start", merged.StartCommand);
        Assert.Equal(ValueList.Of("pnpm build"), merged.Phases.Single(p => p.Name == "build").Commands);
        Assert.Equal(ValueList.Of("pnpm i"), merged.Phases.Single(p => p.Name == "install").Commands);
        Assert.Equal(ServiceLayer.Empty, NixpacksEnvironment.Layer(new ValueMap([new(NixpacksEnvironment.StartCommand, " ")])));
    }
}
