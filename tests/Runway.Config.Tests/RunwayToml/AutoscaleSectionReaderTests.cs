using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Config.RunwayToml;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.RunwayToml;

public class AutoscaleSectionReaderTests
{
    private static (RunwayConfig? Config, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (RunwayConfigReader.Parse(text, "runway.toml", diagnostics), diagnostics);
    }

    private static AutoscaleLayer LayerOf(string autoscaleTable)
    {
        var (config, diagnostics) = Read("[services.api]\n[services.api.autoscale]\n" + autoscaleTable);
        Assert.Empty(diagnostics.Lines());
        return config!.Services.Single().Layer.Autoscale!;
    }

    private static AutoscaleSpec? SpecOf(string autoscaleTable, ServiceKind kind = ServiceKind.Web, DiagnosticBag? diagnostics = null) =>
        LayerOf(autoscaleTable).ToSpec("api", kind, diagnostics ?? new DiagnosticBag());

    [Fact]
    public void Reads_every_field()
    {
        var spec = SpecOf("min = 2\nmax = 8\ncpu = 70\nconcurrency = 12.5\np95 = \"300ms\"\nscaleUpCooldown = \"1m\"\nscaleDownCooldown = \"10m\"");

        Assert.Equal(
            new AutoscaleSpec(2, 8)
            {
                TargetCpuPercent = 70,
                TargetConcurrency = 12.5,
                TargetP95 = TimeSpan.FromMilliseconds(300),
                ScaleUpCooldown = TimeSpan.FromMinutes(1),
                ScaleDownCooldown = TimeSpan.FromMinutes(10),
            },
            spec);
    }

    [Fact]
    public void Cooldowns_default_to_30_seconds_up_and_5_minutes_down()
    {
        var spec = SpecOf("min = 1\nmax = 3\ncpu = 80")!;

        Assert.Equal(TimeSpan.FromSeconds(30), spec.ScaleUpCooldown);
        Assert.Equal(TimeSpan.FromMinutes(5), spec.ScaleDownCooldown);
        Assert.Null(spec.TargetConcurrency);
        Assert.Null(spec.TargetP95);
    }

    [Fact]
    public void A_service_without_an_autoscale_table_has_none()
    {
        var (config, _) = Read("[services.api]\nstartCommand = \"node server.js\"");

        Assert.Null(config!.Services.Single().Layer.Autoscale);
    }

    [Theory]
    [InlineData("\"300ms\"", 300)]
    [InlineData("\"1.5s\"", 1500)]
    [InlineData("\"2s\"", 2000)]
    [InlineData("\"1m\"", 60_000)]
    [InlineData("\"1s250ms\"", 1250)]
    [InlineData("250", 250)]
    [InlineData("12.5", 12.5)]
    public void P95_is_a_latency_and_a_bare_number_counts_milliseconds(string value, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SpecOf($"min = 1\nmax = 2\np95 = {value}")!.TargetP95);
    }

    [Theory]
    [InlineData("\"45s\"", 45)]
    [InlineData("\"5m\"", 300)]
    [InlineData("\"1m30s\"", 90)]
    [InlineData("\"1h\"", 3600)]
    [InlineData("\"0s\"", 0)]
    [InlineData("90", 90)]
    [InlineData("0", 0)]
    public void Cooldowns_are_durations_and_a_bare_number_counts_seconds(string value, int seconds)
    {
        var spec = SpecOf($"min = 1\nmax = 2\ncpu = 50\nscaleUpCooldown = {value}\nscaleDownCooldown = {value}")!;

        Assert.Equal(TimeSpan.FromSeconds(seconds), spec.ScaleUpCooldown);
        Assert.Equal(TimeSpan.FromSeconds(seconds), spec.ScaleDownCooldown);
    }

    [Theory]
    [InlineData("min = 0", "runway.toml:3:7: error: services.api.autoscale.min must be at least 1 (got 0)")]
    [InlineData("max = 101", "runway.toml:3:7: error: services.api.autoscale.max must be at most 100 (got 101)")]
    [InlineData("max = \"5\"", "runway.toml:3:7: error: services.api.autoscale.max must be an integer (got \"5\")")]
    [InlineData("cpu = 0", "runway.toml:3:7: error: services.api.autoscale.cpu must be a percentage of one CPU above 0 such as 70 (150 is one and a half cores) (got 0)")]
    [InlineData("cpu = \"70%\"", "runway.toml:3:7: error: services.api.autoscale.cpu must be a percentage of one CPU above 0 such as 70 (150 is one and a half cores) (got \"70%\")")]
    [InlineData("concurrency = -1", "runway.toml:3:15: error: services.api.autoscale.concurrency must be a number of requests in flight per instance above 0 such as 10 (got -1)")]
    [InlineData("concurrency = inf", "runway.toml:3:15: error: services.api.autoscale.concurrency must be a number of requests in flight per instance above 0 such as 10 (got Infinity)")]
    [InlineData("p95 = \"fast\"", "runway.toml:3:7: error: services.api.autoscale.p95 must be a latency such as \"300ms\" or \"1.5s\" (a number counts milliseconds) between 1ms and 10m (got \"fast\")")]
    [InlineData("p95 = \"0ms\"", "runway.toml:3:7: error: services.api.autoscale.p95 must be a latency such as \"300ms\" or \"1.5s\" (a number counts milliseconds) between 1ms and 10m (got \"0ms\")")]
    [InlineData("p95 = \"11m\"", "runway.toml:3:7: error: services.api.autoscale.p95 must be a latency such as \"300ms\" or \"1.5s\" (a number counts milliseconds) between 1ms and 10m (got \"11m\")")]
    [InlineData("p95 = \"300 ms\"", "runway.toml:3:7: error: services.api.autoscale.p95 must be a latency such as \"300ms\" or \"1.5s\" (a number counts milliseconds) between 1ms and 10m (got \"300 ms\")")]
    [InlineData("scaleUpCooldown = \"-5s\"", "runway.toml:3:19: error: services.api.autoscale.scaleUpCooldown must be a duration such as \"30s\" or \"5m\" (a number counts seconds) between 0s and 1d (got \"-5s\")")]
    [InlineData("scaleDownCooldown = \"2d\"", "runway.toml:3:21: error: services.api.autoscale.scaleDownCooldown must be a duration such as \"30s\" or \"5m\" (a number counts seconds) between 0s and 1d (got \"2d\")")]
    [InlineData("scaleDownCooldown = 86401", "runway.toml:3:21: error: services.api.autoscale.scaleDownCooldown must be a duration such as \"30s\" or \"5m\" (a number counts seconds) between 0s and 1d (got 86401)")]
    public void Wrong_values_are_positioned_errors_and_nothing_more_is_said(string line, string expected)
    {
        using var app = new TempApp(("runway.toml", $"[services.api]\n[services.api.autoscale]\n{line}\n" + (line.StartsWith("min", StringComparison.Ordinal) || line.StartsWith("max", StringComparison.Ordinal) ? "cpu = 70\n" : "min = 1\nmax = 3\n") + "[services.api.variables]\nA = \"1\"\n"));

        var result = app.Load();

        Assert.Equal([expected], result.Lines());
    }

    [Fact]
    public void Unknown_keys_are_warnings_with_a_suggestion_and_autoscale_must_be_a_table()
    {
        var (_, warnings) = Read("[services.api.autoscale]\nmin = 1\nmax = 2\ncpus = 70\ntarget = 1");
        var (_, errors) = Read("[services.api]\nautoscale = true");

        Assert.Equal(
        [
            "runway.toml:4:1: warning: unknown field services.api.autoscale.cpus (did you mean cpu?); it is ignored",
            "runway.toml:5:1: warning: unknown field services.api.autoscale.target; it is ignored",
        ], warnings.Lines());
        Assert.Equal(["runway.toml:2:13: error: services.api.autoscale must be a table (got true)"], errors.Lines());
    }

    [Theory]
    [InlineData("max = 3\ncpu = 70", "runway.toml:2:15: error: services.web.autoscale needs min and max (e.g. min = 1, max = 5)")]
    [InlineData("min = 4\nmax = 3\ncpu = 70", "runway.toml:2:15: error: services.web.autoscale: min (4) is above max (3); lower min or raise max")]
    [InlineData("min = 1\nmax = 3", "runway.toml:2:15: error: services.web.autoscale needs at least one target to scale on: cpu (e.g. cpu = 70), concurrency (e.g. concurrency = 10) or p95 (e.g. p95 = \"300ms\")")]
    public void An_incomplete_table_is_an_error_at_the_table(string fields, string expected)
    {
        using var app = new TempApp(("runway.toml", $"[services.web]\n[services.web.autoscale]\n{fields}\n"));

        var result = app.Load();

        Assert.Equal([expected], result.Lines());
        Assert.Null(result.Spec?.Services.Single().Autoscale);
    }

    [Fact]
    public void Autoscale_reaches_the_service_spec_and_an_environment_overrides_it_field_by_field()
    {
        using var app = new TempApp(
            ("runway.toml", """
                [services.web]
                startCommand = "node server.js"
                [services.web.autoscale]
                min = 2
                max = 6
                cpu = 70
                scaleDownCooldown = "2m"
                [environments.staging.services.web.autoscale]
                max = 3
                p95 = "250ms"
                """));

        var production = app.Load();
        var staging = app.Load("staging");

        Assert.Empty(production.Lines());
        Assert.Empty(staging.Lines());
        var web = production.Spec!.Services.Single();
        Assert.Equal(new AutoscaleSpec(2, 6) { TargetCpuPercent = 70, ScaleDownCooldown = TimeSpan.FromMinutes(2) }, web.Autoscale);
        Assert.Equal(2, web.Replicas);
        Assert.Equal(
            new AutoscaleSpec(2, 3) { TargetCpuPercent = 70, TargetP95 = TimeSpan.FromMilliseconds(250), ScaleDownCooldown = TimeSpan.FromMinutes(2) },
            staging.Spec!.Services.Single().Autoscale);
    }

    [Fact]
    public void An_environment_that_makes_min_exceed_max_is_an_error_at_its_override()
    {
        using var app = new TempApp(
            ("runway.toml", """
                [services.web.autoscale]
                min = 2
                max = 6
                cpu = 70
                [environments.staging.services.web.autoscale]
                max = 1
                """));

        Assert.Empty(app.Load().Lines());
        Assert.Equal(["runway.toml:5:36: error: environments.staging.services.web.autoscale: min (2) is above max (1); lower min or raise max"], app.Load("staging").Lines());
    }

    [Theory]
    [InlineData("", 2, null)]
    [InlineData("numReplicas = 3", 3, null)]
    [InlineData("numReplicas = 1", 2, "runway.toml:3:15: warning: service \"web\" asks for 1 replicas, outside its autoscale range 2..5; it starts with 2")]
    [InlineData("numReplicas = 9", 5, "runway.toml:3:15: warning: service \"web\" asks for 9 replicas, outside its autoscale range 2..5; it starts with 5")]
    public void An_autoscaled_service_starts_within_its_range_at_min_by_default(string replicas, int starting, string? warning)
    {
        using var app = new TempApp(("runway.toml", $"[services.web]\n{replicas}\n[services.web.autoscale]\nmin = 2\nmax = 5\ncpu = 70\n"));

        var result = app.Load();

        Assert.Equal(warning is null ? [] : [warning], result.Lines());
        Assert.Equal(starting, result.Spec!.Services.Single().Replicas);
    }

    [Fact]
    public void A_worker_keeps_only_the_cpu_target_and_a_cron_service_is_not_autoscaled()
    {
        var worker = new DiagnosticBag();
        var onlyEdgeTargets = new DiagnosticBag();
        var cron = new DiagnosticBag();

        var workerSpec = SpecOf("min = 1\nmax = 4\ncpu = 70\nconcurrency = 10", ServiceKind.Worker, worker);
        var edgeOnly = SpecOf("min = 1\nmax = 4\np95 = 200", ServiceKind.Worker, onlyEdgeTargets);
        var cronSpec = SpecOf("min = 1\nmax = 4\ncpu = 70", ServiceKind.Cron, cron);

        Assert.Equal(new AutoscaleSpec(1, 4) { TargetCpuPercent = 70 }, workerSpec);
        Assert.Equal(["runway.toml:2:15: warning: service \"api\" is a worker and gets no requests, so services.api.autoscale concurrency cannot be measured; only cpu applies"], worker.Lines());
        Assert.Null(edgeOnly);
        Assert.Equal(["runway.toml:2:15: warning: service \"api\" is a worker and gets no requests, so services.api.autoscale p95 cannot be measured; so it is not autoscaled"], onlyEdgeTargets.Lines());
        Assert.Null(cronSpec);
        Assert.Equal(["runway.toml:2:15: warning: service \"api\" is a cron service, which runs once per schedule; its services.api.autoscale is ignored"], cron.Lines());
    }
}
