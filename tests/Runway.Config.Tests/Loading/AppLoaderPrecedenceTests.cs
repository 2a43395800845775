using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Loading;

/// <summary>package.json &lt; Procfile &lt; nixpacks.toml &lt; NIXPACKS_* variables &lt; railway.toml &lt; runway.toml &lt; environment overrides.</summary>
public class AppLoaderPrecedenceTests
{
    private const string RunwayToml = """
        [services.web]
        startCommand = "runway-start"
        buildCommand = "runway-build"

        [environments.staging.services.web]
        startCommand = "staging-start"
        buildCommand = "staging-build"
        """;

    private static TempApp AppWithEveryFile() => new(
        ("package.json", "{\"scripts\": {\"start\": \"node a.js\", \"build\": \"tsc\"}}"),
        ("Procfile", "web: procfile-start\n"),
        ("nixpacks.toml", "[phases.build]\ncmds = [\"nixpacks-build\"]\n[start]\ncmd = \"nixpacks-start\"\n"),
        (".env", "NIXPACKS_START_CMD=env-start\nNIXPACKS_BUILD_CMD=env-build\n"),
        ("railway.toml", "[build]\nbuildCommand = \"railway-build\"\n[deploy]\nstartCommand = \"railway-start\"\n"),
        ("runway.toml", RunwayToml));

    private static (string? Start, string? Build) Commands(TempApp app, string environment = "production")
    {
        var result = app.Load(environment);
        Assert.False(result.HasErrors, string.Join("\n", result.Lines()));
        var service = Assert.Single(result.Spec!.Services);
        return (service.StartCommand, service.Build.Phase(BuildSpec.BuildPhaseName)?.Commands?.Single());
    }

    [Fact]
    public void Each_file_overrides_the_ones_below_it()
    {
        using var app = AppWithEveryFile();

        Assert.Equal(("staging-start", "staging-build"), Commands(app, "staging"));
        Assert.Equal(("runway-start", "runway-build"), Commands(app));

        app.Write("runway.toml", "[services.web]\n");
        Assert.Equal(("railway-start", "railway-build"), Commands(app));

        File.Delete(Path.Combine(app.Root, "railway.toml"));
        Assert.Equal(("env-start", "env-build"), Commands(app));

        File.Delete(Path.Combine(app.Root, ".env"));
        Assert.Equal(("nixpacks-start", "nixpacks-build"), Commands(app));

        File.Delete(Path.Combine(app.Root, "nixpacks.toml"));
        Assert.Equal(("procfile-start", "npm run build"), Commands(app));

        File.Delete(Path.Combine(app.Root, "Procfile"));
        Assert.Equal(("npm start", "npm run build"), Commands(app));
    }

    [Fact]
    public void Without_runway_toml_the_same_order_holds()
    {
        using var app = AppWithEveryFile();
        File.Delete(Path.Combine(app.Root, "runway.toml"));

        Assert.Equal(("railway-start", "railway-build"), Commands(app));
    }

    [Fact]
    public void Railway_environment_overrides_sit_below_runway_toml()
    {
        using var app = new TempApp(
            ("main.py", ""),
            ("railway.toml", "[deploy]\nnumReplicas = 1\nhealthcheckTimeout = 20\n[environments.staging.deploy]\nnumReplicas = 3\nhealthcheckTimeout = 40\n"),
            ("runway.toml", "[services.web]\nnumReplicas = 2\n[environments.staging.services.web]\nhealthcheckTimeout = 90\n"));

        var production = Assert.Single(app.Load().Spec!.Services);
        var staging = Assert.Single(app.Load("staging").Spec!.Services);

        Assert.Equal((2, TimeSpan.FromSeconds(20)), (production.Replicas, production.Health.StartTimeout));
        Assert.Equal((2, TimeSpan.FromSeconds(90)), (staging.Replicas, staging.Health.StartTimeout));
    }

    [Fact]
    public void Three_dots_splice_the_lower_files_commands()
    {
        using var app = new TempApp(
            ("package.json", "{\"scripts\": {\"start\": \"node a.js\", \"build\": \"tsc\"}}"),
            ("nixpacks.toml", "[phases.build]\ncmds = [\"...\", \"npm run docs\"]\n[phases.install]\ncmds = [\"...\", \"npm run postinstall\"]\n"));

        var build = Assert.Single(app.Load().Spec!.Services).Build;

        Assert.Equal(ValueList.Of("npm run build", "npm run docs"), build.Phase("build")!.Commands);
        Assert.Equal(ValueList.Of(BuildSpec.ProviderDefault, "npm run postinstall"), build.Phase("install")!.Commands);
    }

    [Fact]
    public void Railway_can_point_at_another_nixpacks_file()
    {
        using var app = new TempApp(
            ("main.py", ""),
            ("nixpacks.toml", "[start]\ncmd = \"default-file\"\n"),
            ("ci/nixpacks.toml", "[start]\ncmd = \"ci-file\"\n"),
            ("railway.toml", "[build]\nnixpacksConfigPath = \"ci/nixpacks.toml\"\n"));

        Assert.Equal("ci-file", Assert.Single(app.Load().Spec!.Services).StartCommand);
    }

    [Fact]
    public void A_missing_nixpacks_file_is_a_warning_and_hidden_directories_work()
    {
        using var app = new TempApp(
            ("main.py", ""),
            (".nixpacks/config.toml", "[start]\ncmd = \"hidden-dir\"\n"),
            (".env", "NIXPACKS_CONFIG_FILE=./.nixpacks/config.toml\n"));

        Assert.Equal("hidden-dir", Assert.Single(app.Load().Spec!.Services).StartCommand);

        app.Write(".env", "NIXPACKS_CONFIG_FILE=nope.toml\n");
        var result = app.Load();
        Assert.Null(Assert.Single(result.Spec!.Services).StartCommand);
        Assert.Equal(["nope.toml: warning: the nixpacks config file named by nixpacksConfigPath or NIXPACKS_CONFIG_FILE does not exist in the app directory; it is ignored"], result.Lines());
    }

    [Fact]
    public void Variables_follow_their_own_precedence()
    {
        using var app = new TempApp(
            (".env", "A=root-env\nB=root-env\nC=root-env\nD=root-env\n"),
            ("api/.env", "S=service-env\nT=service-env\n"),
            ("api/main.py", ""),
            ("runway.toml", """
                [variables]
                B = "runway"
                C = "runway"
                [services.api]
                root = "api"
                type = "web"
                [services.api.variables]
                T = "runway-service"
                U = "runway-service"
                [environments.staging.variables]
                C = "staging"
                [environments.staging.services.api.variables]
                U = "staging-service"
                """));

        var spec = app.Load("staging", new ValueMap([new("D", "option"), new("T", "option")])).Spec!;

        Assert.Equal(new ValueMap([new("A", "root-env"), new("B", "runway"), new("C", "staging"), new("D", "option"), new("T", "option")]), spec.Variables);
        Assert.Equal(new ValueMap([new("S", "service-env"), new("T", "option"), new("U", "staging-service")]), Assert.Single(spec.Services).Variables);
    }
}
