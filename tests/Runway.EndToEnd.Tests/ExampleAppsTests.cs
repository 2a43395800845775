using System.Net;
using Runway.Tests.Shared;

namespace Runway.EndToEnd.Tests;

/// <summary>Runs the examples with the real `runway up`: real builds, real processes, real HTTP on loopback.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExampleAppsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static string Example(string name) => Path.Combine(RepoPaths.Examples, name);

    [Fact]
    public async Task NodeApi_answers_restarts_a_killed_process_and_stops_cleanly_on_ctrl_c()
    {
        var port = Http.FreePort();
        await using var runway = RunwayProcess.Start(output, "up", Example("node-api"), "--port", port.ToString());
        await runway.WaitForLineAsync("is up", StartTimeout);
        var url = $"http://127.0.0.1:{port}";

        var health = await Http.GetJsonAsync(url + "/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var version = await Http.GetJsonAsync(url + "/version");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, version.GetProperty("build").ValueKind); // the build step ran in the release
        Assert.False(File.Exists(Path.Combine(Example("node-api"), "build-info.json")), "the build must not write into the source tree");

        var firstPid = (await Http.GetJsonAsync(url + "/pid")).GetProperty("pid").GetInt32();
        Assert.Equal(0, Kill(firstPid));
        var secondPid = await Http.EventuallyAsync(
            async () =>
            {
                // While the only instance is down the edge answers 502/503; that is "not yet".
                var (status, body) = await Http.GetAsync(url + "/pid");
                var pid = status == HttpStatusCode.OK ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("pid").GetInt32() : firstPid;
                return pid != firstPid ? pid.ToString() : null;
            },
            TimeSpan.FromSeconds(60),
            "the killed web process to be replaced");
        Assert.NotEqual(firstPid.ToString(), secondPid);
        await runway.WaitForLineAsync(@"web\.1.*restart", TimeSpan.FromSeconds(5));

        await runway.StopCleanlyAsync(Signals.Interrupt, StopTimeout);
        Assert.False(ProcessExists(int.Parse(secondPid)));
    }

    [Fact]
    public async Task NodeApi_in_staging_runs_two_replicas_behind_the_edge()
    {
        // railway.toml [environments.staging.deploy] numReplicas = 2
        var port = Http.FreePort();
        await using var runway = RunwayProcess.Start(output, "up", Example("node-api"), "--port", port.ToString(), "--env", "staging");
        await runway.WaitForLineAsync("is up", StartTimeout);
        await runway.WaitForLineAsync(@"web\.2 is healthy", TimeSpan.FromSeconds(1));

        var pids = new HashSet<int>();
        for (var i = 0; i < 40 && pids.Count < 2; i++)
        {
            pids.Add((await Http.GetJsonAsync($"http://127.0.0.1:{port}/pid")).GetProperty("pid").GetInt32());
        }

        Assert.Equal(2, pids.Count);
        Assert.Equal("staging", (await Http.GetJsonAsync($"http://127.0.0.1:{port}/version")).GetProperty("environment").GetString());

        await runway.StopCleanlyAsync(Signals.Interrupt, StopTimeout);
    }

    [Fact]
    public async Task PythonProcfile_runs_release_before_web_and_keeps_the_worker_running()
    {
        var port = Http.FreePort();
        await using var runway = RunwayProcess.Start(output, "up", Example("python-procfile"), "--port", port.ToString());
        await runway.WaitForLineAsync("is up", StartTimeout);
        var url = $"http://127.0.0.1:{port}";

        Assert.Equal("ok", (await Http.GetJsonAsync(url + "/health")).GetProperty("status").GetString());
        await runway.WaitForLineAsync(@"^worker\.1\s+\|\s+worker: heartbeat 2", TimeSpan.FromSeconds(30));
        var releaseLine = runway.Lines.ToList().FindIndex(l => l.Contains("migrations applied", StringComparison.Ordinal));
        var webLine = runway.Lines.ToList().FindIndex(l => l.Contains("web: listening", StringComparison.Ordinal));
        Assert.True(releaseLine >= 0 && webLine > releaseLine, "the release phase must finish before the web process starts");

        await runway.StopCleanlyAsync(Signals.Terminate, StopTimeout);
    }

    [Fact]
    public async Task StaticSite_serves_files_clean_urls_and_its_404_page()
    {
        var port = Http.FreePort();
        await using var runway = RunwayProcess.Start(output, "up", Example("static-site"), "--port", port.ToString());
        await runway.WaitForLineAsync("is up", StartTimeout);
        var url = $"http://127.0.0.1:{port}";

        var (status, body) = await Http.GetAsync(url + "/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Static site</h1>", body, StringComparison.Ordinal);
        (status, body) = await Http.GetAsync(url + "/about");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>About</h1>", body, StringComparison.Ordinal);
        (status, body) = await Http.GetAsync(url + "/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("404: page not found", body, StringComparison.Ordinal);

        // vercel.json through the edge: redirects with their statuses, cleanUrls, rewrites, headers.
        await AssertRedirectAsync(url + "/docs", HttpStatusCode.PermanentRedirect, "/about");

        await AssertRedirectAsync(url + "/blog/hello-world", HttpStatusCode.TemporaryRedirect, "/posts/hello-world");

        await AssertRedirectAsync(url + "/about.html", HttpStatusCode.PermanentRedirect, "/about");

        using (var spa = await Http.SendAsync(url + "/app/settings/profile"))
        {
            Assert.Equal(HttpStatusCode.OK, spa.StatusCode);
            Assert.Contains("<h1>Static site</h1>", await spa.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("nosniff", spa.Headers.GetValues("X-Content-Type-Options").Single());
        }

        runway.Signal(Signals.Interrupt);
        Assert.Equal(0, await runway.WaitForExitAsync(StopTimeout));
    }

    [Fact]
    public async Task Fullstack_builds_the_frontend_runs_the_api_and_the_worker_reaches_the_api()
    {
        var port = Http.FreePort();
        var admin = Http.FreePort();
        await using var runway = RunwayProcess.Start(output, "up", Example("fullstack"), "--port", port.ToString(), "--admin-port", admin.ToString());
        await runway.WaitForLineAsync("is up", StartTimeout);

        var (status, body) = await Http.GetAsync($"http://127.0.0.1:{port}/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"Frontend built at \d{4}-", body);

        // The frontend's vercel.json rewrites /api/* to the API's public domain; the edge sends it to the api service.
        var proxied = await Http.GetJsonAsync($"http://127.0.0.1:{port}/api/hello");
        Assert.Equal("hello from the fullstack api", proxied.GetProperty("message").GetString());
        // runway.toml [edge]: security headers on every response, the /api/ rate limit with its RateLimit-* headers.
        using (var limited = await Http.SendAsync($"http://127.0.0.1:{port}/api/hello"))
        {
            Assert.Equal("nosniff", limited.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("100", limited.Headers.GetValues("RateLimit-Limit").Single());
        }

        for (var i = 0; i < 5; i++)
        {
            using var allowed = await Http.SendAsync($"http://127.0.0.1:{port}/api/auth/login");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using (var refused = await Http.SendAsync($"http://127.0.0.1:{port}/api/auth/login"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter is not null, "a 429 carries Retry-After");
        }

        var (metricsStatus, metrics) = await Http.GetAsync($"http://127.0.0.1:{admin}/metrics");
        Assert.Equal(HttpStatusCode.OK, metricsStatus);
        Assert.Contains("runway_edge_requests_total{app=\"fullstack\"", metrics, StringComparison.Ordinal);
        var (appMetricsStatus, _) = await Http.GetAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.NotFound, appMetricsStatus);

        var (hostStatus, hostBody, _) = await Http.GetWithHostAsync($"http://127.0.0.1:{port}/api/hello", "api.fullstack.localhost");
        Assert.Equal(HttpStatusCode.OK, hostStatus);
        Assert.Contains("hello from the fullstack api", hostBody, StringComparison.Ordinal);

        var api = (await runway.WaitForLineAsync(@"^\s+api\s+(http://127\.0\.0\.1:\d+)", TimeSpan.FromSeconds(5))).Groups[1].Value;
        var hello = await Http.GetJsonAsync(api + "/api/hello");
        Assert.Equal("hello from the fullstack api", hello.GetProperty("message").GetString());
        await Http.EventuallyAsync(
            async () => (await Http.GetJsonAsync(api + "/api/heartbeats")).GetProperty("heartbeats").GetInt32() > 0 ? "ok" : null,
            TimeSpan.FromSeconds(30),
            "the worker's heartbeat to reach the api");

        await runway.StopCleanlyAsync(Signals.Interrupt, StopTimeout);
    }

    private static async Task AssertRedirectAsync(string url, HttpStatusCode status, string location)
    {
        using var response = await Http.SendAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    private static int Kill(int pid) => NativeSignals.Send(pid, Signals.Kill);

    /// <summary>True while the process runs; a zombie (ended, not yet reaped by its new parent) does not count.</summary>
    private static bool ProcessExists(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
