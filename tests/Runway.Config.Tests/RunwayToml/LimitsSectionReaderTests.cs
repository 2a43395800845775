using Runway.Config.Documents;
using Runway.Config.RunwayToml;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.RunwayToml;

public class LimitsSectionReaderTests
{
    private static (RunwayConfig? Config, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (RunwayConfigReader.Parse(text, "runway.toml", diagnostics), diagnostics);
    }

    private static ResourceLimits? LimitsOf(string limitsTable)
    {
        var (config, diagnostics) = Read("[services.api]\n[services.api.limits]\n" + limitsTable);
        Assert.Empty(diagnostics.Lines());
        return config!.Services.Single().Layer.Limits;
    }

    [Fact]
    public void Reads_memory_cpus_and_pids()
    {
        Assert.Equal(new ResourceLimits(256L << 20, 0.5, 128), LimitsOf("memory = \"256M\"\ncpus = 0.5\npids = 128"));
    }

    [Fact]
    public void A_service_without_a_limits_table_has_none()
    {
        var (config, _) = Read("[services.api]\nstartCommand = \"node server.js\"");

        Assert.Null(config!.Services.Single().Layer.Limits);
    }

    [Theory]
    [InlineData("\"256M\"", 256L << 20)]
    [InlineData("\"256m\"", 256L << 20)]
    [InlineData("\"256MB\"", 256L << 20)]
    [InlineData("\"512Mi\"", 512L << 20)]
    [InlineData("\"512MiB\"", 512L << 20)]
    [InlineData("\"1G\"", 1L << 30)]
    [InlineData("\"1gi\"", 1L << 30)]
    [InlineData("\"1.5G\"", 3L << 29)]
    [InlineData("\"2048k\"", 2L << 20)]
    [InlineData("\"64 MB\"", 64L << 20)]
    [InlineData("\"1048576b\"", 1L << 20)]
    [InlineData("\"1048576\"", 1L << 20)]
    [InlineData("268435456", 256L << 20)]
    public void Memory_takes_docker_style_units_in_powers_of_1024(string value, long bytes)
    {
        Assert.Equal(bytes, LimitsOf($"memory = {value}")!.MemoryBytes);
    }

    [Fact]
    public void Cpus_may_be_a_whole_number()
    {
        Assert.Equal(2.0, LimitsOf("cpus = 2")!.Cpus);
    }

    [Theory]
    [InlineData("memory = \"lots\"", "runway.toml:3:10: error: services.api.limits.memory must be a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes (got \"lots\")")]
    [InlineData("memory = \"256MX\"", "runway.toml:3:10: error: services.api.limits.memory must be a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes (got \"256MX\")")]
    [InlineData("memory = \"-1G\"", "runway.toml:3:10: error: services.api.limits.memory must be a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes (got \"-1G\")")]
    [InlineData("memory = 1.5", "runway.toml:3:10: error: services.api.limits.memory must be a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes (got 1.5)")]
    [InlineData("memory = 256", "runway.toml:3:10: error: services.api.limits.memory must be at least 1 MiB (got 256; a number without a unit counts bytes: write \"256M\" for 256 MiB)")]
    [InlineData("memory = \"512k\"", "runway.toml:3:10: error: services.api.limits.memory must be at least 1 MiB (got \"512k\")")]
    [InlineData("memory = \"99999999999G\"", "runway.toml:3:10: error: services.api.limits.memory must be a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes (got \"99999999999G\")")]
    [InlineData("cpus = 0", "runway.toml:3:8: error: services.api.limits.cpus must be a number of CPUs above 0 such as 0.5 or 2 (got 0)")]
    [InlineData("cpus = -0.5", "runway.toml:3:8: error: services.api.limits.cpus must be a number of CPUs above 0 such as 0.5 or 2 (got -0.5)")]
    [InlineData("cpus = \"0.5\"", "runway.toml:3:8: error: services.api.limits.cpus must be a number of CPUs above 0 such as 0.5 or 2 (got \"0.5\")")]
    [InlineData("cpus = nan", "runway.toml:3:8: error: services.api.limits.cpus must be a number of CPUs above 0 such as 0.5 or 2 (got NaN)")]
    [InlineData("pids = 0", "runway.toml:3:8: error: services.api.limits.pids must be at least 1 (got 0)")]
    [InlineData("pids = \"10\"", "runway.toml:3:8: error: services.api.limits.pids must be an integer (got \"10\")")]
    public void Wrong_values_are_positioned_errors(string line, string expected)
    {
        var (config, diagnostics) = Read("[services.api]\n[services.api.limits]\n" + line);

        Assert.Equal([expected], diagnostics.Lines());
        Assert.Equal(ResourceLimits.None, config!.Services.Single().Layer.Limits);
    }

    [Fact]
    public void Unknown_limit_keys_are_warnings_and_limits_must_be_a_table()
    {
        var (_, warnings) = Read("[services.api.limits]\nmemory = \"64M\"\ncpu = 1\nswap = \"1G\"");
        var (_, errors) = Read("[services.api]\nlimits = \"64M\"");

        Assert.Equal(
        [
            "runway.toml:3:1: warning: unknown field services.api.limits.cpu (did you mean cpus?); it is ignored",
            "runway.toml:4:1: warning: unknown field services.api.limits.swap; it is ignored",
        ], warnings.Lines());
        Assert.Equal(["runway.toml:2:10: error: services.api.limits must be a table (got \"64M\")"], errors.Lines());
    }

    [Fact]
    public void Limits_reach_the_service_spec_and_an_environment_overrides_them_one_by_one()
    {
        using var app = new TempApp(
            ("runway.toml", """
                [services.web]
                startCommand = "node server.js"
                [services.web.limits]
                memory = "512Mi"
                cpus = 1
                [services.worker]
                startCommand = "node worker.js"
                [environments.staging.services.web.limits]
                memory = "128M"
                pids = 64
                """));

        var production = app.Load().Spec!;
        var staging = app.Load("staging").Spec!;

        Assert.Equal(new ResourceLimits(512L << 20, 1, null), production.Services.Single(s => s.Name == "web").Limits);
        Assert.Equal(ResourceLimits.None, production.Services.Single(s => s.Name == "worker").Limits);
        Assert.Equal(new ResourceLimits(128L << 20, 1, 64), staging.Services.Single(s => s.Name == "web").Limits);
    }
}
