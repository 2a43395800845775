namespace Runway.EndToEnd.Tests;

/// <summary>What `runway up` does when the app misbehaves or its files are wrong.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_crash_loop_stops_after_max_retries_and_reports_the_last_log_lines()
    {
        using var app = new TempApp(
            ("Procfile", "web: echo \"crashing on purpose: pid $$\"; exit 3\n"),
            ("railway.toml", "[deploy]\nrestartPolicyType = \"ON_FAILURE\"\nrestartPolicyMaxRetries = 2\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory, "--port", Http.FreePort().ToString());

        await runway.WaitForLineAsync(@"web\.1 failed", Timeout);
        Assert.Equal(3, runway.CountLines(@"^web\.1\s+\|\s+crashing on purpose"));
        await runway.WaitForLineAsync(@"crashing on purpose", TimeSpan.FromSeconds(1)); // the failure report repeats the last lines
        Assert.True(runway.CountLines("crashing on purpose") > 3, "the failure report must show the last log lines");

        // Every service has failed: runway up says so and exits non-zero by itself.
        Assert.Equal(1, await runway.WaitForExitAsync(Timeout));
        Assert.Empty(LeftoverProcesses.Find(runway.Home));
    }

    [Fact]
    public async Task Restart_policy_never_is_respected()
    {
        using var app = new TempApp(
            ("Procfile", "web: echo started-once; sleep 1; exit 1\n"),
            ("railway.toml", "[deploy]\nrestartPolicyType = \"never\"\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory, "--port", Http.FreePort().ToString());

        Assert.Equal(1, await runway.WaitForExitAsync(Timeout));
        Assert.Equal(1, runway.CountLines(@"^web\.1\s+\|\s+started-once"));
        Assert.Equal(0, runway.CountLines(@"restarting"));
    }

    [Fact]
    public async Task Restart_policy_always_restarts_after_a_clean_exit()
    {
        // Railway: ALWAYS restarts on every exit; restartPolicyMaxRetries applies to ON_FAILURE only.
        using var app = new TempApp(
            ("Procfile", "worker: echo run-once; exit 0\n"),
            ("railway.toml", "[deploy]\nrestartPolicyType = \"ALWAYS\"\nrestartPolicyMaxRetries = 1\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        await runway.WaitForLineAsync(@"^worker\.1\s+\|\s+run-once", Timeout);
        await Http.EventuallyAsync(
            () => Task.FromResult(runway.CountLines(@"^worker\.1\s+\|\s+run-once") >= 3 ? "ok" : null),
            TimeSpan.FromSeconds(30),
            "the worker to be started a third time");
        Assert.Equal(0, runway.CountLines(@"worker\.1 failed"));

        await runway.StopCleanlyAsync(Signals.Interrupt, Timeout);
    }

    [Fact]
    public async Task A_malformed_railway_toml_is_reported_with_its_position_and_nothing_starts()
    {
        using var app = new TempApp(
            ("Procfile", "web: echo should-not-run; sleep 30\n"),
            ("railway.toml", "[deploy]\nstartCommand = \"npm start\"\nhealthcheckTimeout = = 30\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        Assert.NotEqual(0, await runway.WaitForExitAsync(Timeout));
        await runway.WaitForLineAsync(@"railway\.toml:3:\d+: error:", TimeSpan.FromSeconds(1));
        Assert.Equal(0, runway.CountLines("should-not-run"));
        Assert.False(Directory.Exists(Path.Combine(runway.Home, "releases")), "nothing may be built from a malformed config");
    }

    [Fact]
    public async Task A_wrong_field_value_names_the_field_and_the_expected_values()
    {
        using var app = new TempApp(
            ("Procfile", "web: sleep 30\n"),
            ("railway.toml", "[deploy]\nrestartPolicyType = \"SOMETIMES\"\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        Assert.NotEqual(0, await runway.WaitForExitAsync(Timeout));
        var line = await runway.WaitForLineAsync(@"railway\.toml:2:\d+: error: .*restartPolicyType.*", TimeSpan.FromSeconds(1));
        Assert.Contains("ON_FAILURE", line.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_build_shows_the_command_exit_code_and_last_lines()
    {
        using var app = new TempApp(
            ("package.json", "{\"name\":\"broken\",\"scripts\":{\"build\":\"echo compiling; echo 'error: missing semicolon' >&2; exit 7\",\"start\":\"node -e 0\"}}"),
            ("package-lock.json", "{\"name\":\"broken\",\"lockfileVersion\":3,\"requires\":true,\"packages\":{\"\":{\"name\":\"broken\"}}}"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        Assert.NotEqual(0, await runway.WaitForExitAsync(Timeout));
        await runway.WaitForLineAsync(@"exited with code 7", TimeSpan.FromSeconds(1));
        Assert.True(runway.CountLines("missing semicolon") >= 1);
        Assert.False(File.Exists(Path.Combine(app.Directory, "node_modules")), "the build must run outside the source tree");
    }

    [Fact]
    public async Task A_port_in_use_is_refused_before_anything_is_built()
    {
        using var app = new TempApp(("Procfile", "web: sleep 30\n"));
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var runway = RunwayProcess.Start(output, "up", app.Directory, "--port", port.ToString());

        Assert.Equal(1, await runway.WaitForExitAsync(Timeout));
        await runway.WaitForLineAsync($@"--port {port}: 127\.0\.0\.1:{port} is already in use", TimeSpan.FromSeconds(1));
        Assert.False(Directory.Exists(Path.Combine(runway.Home, "releases")));
    }

    [Fact]
    public async Task A_vercel_rule_that_does_not_compile_is_refused_at_its_position_before_building()
    {
        using var app = new TempApp(
            ("public/index.html", "<h1>hi</h1>"),
            ("vercel.json", "{\n  \"outputDirectory\": \"public\",\n  \"rewrites\": [\n    { \"source\": \"/items/:id(\\\\d+\", \"destination\": \"/index.html\" }\n  ]\n}\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        Assert.Equal(1, await runway.WaitForExitAsync(Timeout));
        await runway.WaitForLineAsync(@"vercel\.json:4:\d+: error: ", TimeSpan.FromSeconds(1));
        Assert.False(Directory.Exists(Path.Combine(runway.Home, "releases")));
    }
}
