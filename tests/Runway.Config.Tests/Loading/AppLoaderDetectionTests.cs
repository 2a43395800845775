using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Loading;

public class AppLoaderDetectionTests
{
    [Fact]
    public void Procfile_types_become_services_and_release_goes_to_web()
    {
        using var app = new TempApp(
            ("Procfile", "worker: python worker.py\nweb: python app.py\nrelease: python migrate.py\nclock: python clock.py\n"),
            ("app.py", ""));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        var spec = result.Spec!;
        Assert.Equal(["worker", "web", "clock"], spec.Services.Select(s => s.Name));
        var web = spec.Services.Single(s => s.Name == "web");
        Assert.Equal((ServiceKind.Web, "python app.py", "."), (web.Kind, web.StartCommand, web.Directory));
        Assert.Equal(ValueList.Of("python migrate.py"), web.ReleaseCommands);
        Assert.Equal("Procfile:2:1", web.DefinedAt!.ToString());
        var worker = spec.Services.Single(s => s.Name == "worker");
        Assert.Equal((ServiceKind.Worker, "python worker.py"), (worker.Kind, worker.StartCommand));
        Assert.Empty(worker.ReleaseCommands);
        Assert.Empty(spec.Sites);
    }

    [Fact]
    public void Without_web_the_first_process_type_takes_the_release()
    {
        using var app = new TempApp(("Procfile", "release: ./migrate\nbot: ./bot\nqueue: ./queue\n"));

        var spec = app.Load().Spec!;

        Assert.Equal(ValueList.Of("./migrate"), spec.Services.Single(s => s.Name == "bot").ReleaseCommands);
        Assert.All(spec.Services, s => Assert.Equal(ServiceKind.Worker, s.Kind));
    }

    [Fact]
    public void Railway_deploy_settings_apply_to_the_primary_process_and_the_build_to_all()
    {
        using var app = new TempApp(
            ("Procfile", "web: node server.js\nworker: node worker.js\n"),
            ("railway.toml", "[build]\nbuildCommand = \"npm run build\"\n[deploy]\nhealthcheckPath = \"/up\"\nnumReplicas = 2\nrestartPolicyType = \"ALWAYS\"\npreDeployCommand = \"npm run migrate\"\n"));

        var spec = app.Load().Spec!;

        var web = spec.Services.Single(s => s.Name == "web");
        var worker = spec.Services.Single(s => s.Name == "worker");
        Assert.Equal(("/up", 2, RestartPolicyKind.Always), (web.Health.Path, web.Replicas, web.Restart.Kind));
        Assert.Equal(ValueList.Of("npm run migrate"), web.ReleaseCommands);
        Assert.Equal((null, 1, RestartPolicyKind.Always), (worker.Health.Path, worker.Replicas, worker.Restart.Kind));
        Assert.Empty(worker.ReleaseCommands);
        Assert.Equal(ValueList.Of("npm run build"), worker.Build.Phase("build")!.Commands);
        Assert.Equal(ValueList.Of("npm run build"), web.Build.Phase("build")!.Commands);
    }

    [Fact]
    public void A_start_command_makes_one_web_service_with_defaults()
    {
        using var app = new TempApp(("package.json", "{\"name\": \"My Shop\", \"scripts\": {\"start\": \"node index.js\"}}"));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        var service = Assert.Single(result.Spec!.Services);
        Assert.Equal(new ServiceSpec("web", ServiceKind.Web, ".", BuildSpec.Default, "npm start", ValueList<string>.Empty, HealthCheckSpec.Default, RestartPolicy.Default, 1, ValueMap.Empty)
        {
            DefinedAt = new SourceLocation("package.json"),
        }, service);
        Assert.Equal("my-shop", result.Spec.Name);
        Assert.Equal("production", result.Spec.Environment);
        Assert.Equal(Path.GetFullPath(app.Root), result.Spec.RootDirectory);
    }

    [Theory]
    [InlineData("main.py")]
    [InlineData("app.py")]
    [InlineData("Api.csproj")]
    [InlineData("go.mod")]
    public void An_entry_the_provider_can_start_makes_a_web_service(string file)
    {
        using var app = new TempApp((file, ""));

        var service = Assert.Single(app.Load().Spec!.Services);

        Assert.Equal(("web", ServiceKind.Web, (string?)null), (service.Name, service.Kind, service.StartCommand));
    }

    [Fact]
    public void A_railway_cron_schedule_makes_a_cron_service()
    {
        using var app = new TempApp(("railway.json", "{\"deploy\": {\"startCommand\": \"node report.js\", \"cronSchedule\": \"0 * * * *\"}}"));

        var service = Assert.Single(app.Load().Spec!.Services);

        Assert.Equal(("cron", ServiceKind.Cron, "0 * * * *"), (service.Name, service.Kind, service.CronSchedule));
    }

    [Fact]
    public void Vercel_json_makes_a_site_even_with_a_package_start_script()
    {
        using var app = new TempApp(
            ("vercel.json", "{\"outputDirectory\": \"build\", \"cleanUrls\": true}"),
            ("package.json", "{\"scripts\": {\"start\": \"react-scripts start\", \"build\": \"react-scripts build\"}}"));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Spec!.Services);
        var site = Assert.Single(result.Spec.Sites);
        Assert.Equal(("web", ".", "build"), (site.Name, site.Directory, site.Build.OutputDirectory));
        Assert.Equal(ValueList.Of("npm run build"), site.Build.Phase("build")!.Commands);
        Assert.True(site.Routing.CleanUrls);
    }

    [Fact]
    public void An_explicit_server_wins_over_vercel_json_with_a_warning()
    {
        using var app = new TempApp(("vercel.json", "{}"), ("Procfile", "web: node server.js\n"));

        var result = app.Load();

        Assert.Equal(["vercel.json: warning: vercel.json is not used: this directory runs a server (Procfile); to serve a site as well, declare it under [sites] in runway.toml"], result.Lines());
        Assert.Equal("web", Assert.Single(result.Spec!.Services).Name);
        Assert.Empty(result.Spec.Sites);
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("public/index.html")]
    public void Static_files_make_a_site(string index)
    {
        using var app = new TempApp((index, "<h1>hi</h1>"));

        var result = app.Load();

        Assert.Empty(result.Diagnostics);
        var site = Assert.Single(result.Spec!.Sites);
        Assert.Equal(VercelRouting.None, site.Routing);
        Assert.Equal(BuildSpec.Default, site.Build);
    }

    [Fact]
    public void An_empty_directory_is_an_error()
    {
        using var app = new TempApp(("README.md", "# nothing"));

        var result = app.Load();

        Assert.Null(result.Spec);
        Assert.True(result.HasErrors);
        Assert.StartsWith(".: error: found nothing to run", Assert.Single(result.Lines()), StringComparison.Ordinal);
    }

    [Fact]
    public void Package_main_starts_the_app_only_when_the_file_exists()
    {
        using var app = new TempApp(("package.json", "{\"main\": \"lib/index.js\"}"));

        Assert.True(app.Load().HasErrors);
        app.Write("lib/index.js", "");
        Assert.Equal("node lib/index.js", Assert.Single(app.Load().Spec!.Services).StartCommand);
    }

    [Fact]
    public void The_app_name_falls_back_to_the_directory_name()
    {
        using var app = new TempApp(("main.py", ""));

        Assert.Equal(AppNamesFor(Path.GetFileName(app.Root)), app.Load().Spec!.Name);
    }

    private static string AppNamesFor(string directory) => directory.ToLowerInvariant();
}
