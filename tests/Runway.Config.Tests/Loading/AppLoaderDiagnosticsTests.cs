using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Loading;

public class AppLoaderDiagnosticsTests
{
    [Fact]
    public void A_malformed_railway_toml_gives_no_spec_and_a_positioned_error()
    {
        using var app = new TempApp(
            ("package.json", "{\"scripts\": {\"start\": \"node a.js\"}}"),
            ("railway.toml", "[build]\nbuilder = \"NIXPACKS\"\n\n[deploy]\nstartCommand = \"npm start\"\nhealthcheckPath = \"/health\"\nrestartPolicyType = \"SOMETIMES\"\n"));

        var result = app.Load();

        Assert.Null(result.Spec);
        Assert.True(result.HasErrors);
        Assert.Equal(["railway.toml:7:21: error: deploy.restartPolicyType must be one of ON_FAILURE, ALWAYS, NEVER (got \"SOMETIMES\")"], result.Lines());
    }

    [Fact]
    public void A_toml_syntax_error_in_runway_toml_is_positioned()
    {
        using var app = new TempApp(("runway.toml", "[services.api]\nstartCommand = \"x\"\nnumReplicas = \n"), ("main.py", ""));

        var result = app.Load();

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("runway.toml", 3), (error.Location.File, error.Location.Line));
        Assert.StartsWith("invalid TOML:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_alone_keep_the_spec()
    {
        using var app = new TempApp(("railway.toml", "[deploy]\nstartCommand = \"node a.js\"\nhealthCheckPath = \"/h\"\n"));

        var result = app.Load();

        Assert.NotNull(result.Spec);
        Assert.False(result.HasErrors);
        Assert.Equal(["railway.toml:3:1: warning: unknown field deploy.healthCheckPath (did you mean healthcheckPath?); it is ignored"], result.Lines());
    }

    [Fact]
    public void Railway_toml_wins_over_railway_json_with_a_warning()
    {
        using var app = new TempApp(
            ("railway.toml", "[deploy]\nstartCommand = \"from-toml\"\n"),
            ("railway.json", "{\"deploy\": {\"startCommand\": \"from-json\"}}"));

        var result = app.Load();

        Assert.Equal("from-toml", Assert.Single(result.Spec!.Services).StartCommand);
        Assert.Equal(["railway.json: warning: both railway.toml and railway.json exist; railway.toml is used and railway.json is ignored (keep one)"], result.Lines());
    }

    [Fact]
    public void Nixpacks_toml_wins_over_nixpacks_json_with_a_warning()
    {
        using var app = new TempApp(
            ("nixpacks.toml", "[start]\ncmd = \"from-toml\"\n"),
            ("nixpacks.json", "{\"start\": {\"cmd\": \"from-json\"}}"));

        var result = app.Load();

        Assert.Equal("from-toml", Assert.Single(result.Spec!.Services).StartCommand);
        Assert.Equal(["nixpacks.json: warning: both nixpacks.toml and nixpacks.json exist; nixpacks.toml is used and nixpacks.json is ignored (keep one)"], result.Lines());
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error()
    {
        using var app = new TempApp(("Procfile", "web: x\n"), ("railway.toml", "[deploy]\n"));
        using (new FileStream(Path.Combine(app.Root, "railway.toml"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var result = app.Load();

            Assert.Null(result.Spec);
            Assert.StartsWith("railway.toml: error: cannot read the file: ", Assert.Single(result.Lines()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_huge_file_is_refused()
    {
        using var app = new TempApp(("Procfile", "web: x\n" + new string('#', 4 * 1024 * 1024)));

        var result = app.Load();

        Assert.Null(result.Spec);
        Assert.StartsWith("Procfile: error: the file is ", Assert.Single(result.Lines()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_or_empty_environment_is_an_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "runway-missing-" + Guid.NewGuid().ToString("N"));
        using var app = new TempApp(("main.py", ""));

        Assert.Equal([missing + ": error: the app directory does not exist"], AppLoader.Load(missing, AppLoadOptions.Default).Diagnostics.Select(d => d.ToString()));
        Assert.True(AppLoader.Load(app.Root, new AppLoadOptions { Environment = " " }).HasErrors);
        Assert.True(AppLoader.Load("", AppLoadOptions.Default).HasErrors);
        Assert.True(AppLoader.Load("a\0b", AppLoadOptions.Default).HasErrors);
    }

    [Fact]
    public void Malformed_dotenv_lines_are_warnings_only()
    {
        using var app = new TempApp((".env", "GOOD=1\noops\n"), ("main.py", ""));

        var result = app.Load();

        Assert.Equal("1", result.Spec!.Variables["GOOD"]);
        Assert.Equal([".env:2:1: warning: expected = after \"oops\"; the line is ignored (names may hold letters, digits, _, . and -)"], result.Lines());
    }

    [Fact]
    public void A_shared_directory_is_read_once()
    {
        using var app = new TempApp(
            ("railway.toml", "[deploy]\nfoo = 1\n"),
            ("runway.toml", "[services.a]\nstartCommand = \"x\"\n[services.b]\nstartCommand = \"y\"\n"));

        Assert.Single(app.Load().Diagnostics);
    }

    [Fact]
    public void Loading_twice_gives_equal_specs()
    {
        using var app = new TempApp(("Procfile", "web: a\nworker: b\n"), ("railway.toml", "[deploy]\nnumReplicas = 2\n"));

        Assert.Equal(app.Load().Spec, app.Load().Spec);
        Assert.Equal(ServiceKind.Web, app.Load().Spec!.Services[0].Kind);
    }
}
