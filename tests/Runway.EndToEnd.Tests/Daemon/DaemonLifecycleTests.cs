using Runway.Tests.Shared;
using Runway.Runtime.Processes;
using System.Net;
using System.Text.Json;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>The daemon's state outlives it, its API answers only its token, and its apps can be scaled, followed and stopped.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaemonLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_kill_9_of_the_daemon_a_restart_brings_every_app_back_with_its_state()
    {
        using var api = TestApps.NodeService("lc-api", "api-v2");
        using var other = TestApps.NodeService("lc-other", "other-v1", replicas: 2);
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        TestApps.SetVersion(api, "api-v2", "api-v1");
        await daemon.RunOkAsync("deploy", api.Directory);
        TestApps.SetVersion(api, "api-v1", "api-v2");
        await daemon.RunOkAsync("deploy", api.Directory);
        await daemon.RunOkAsync("deploy", other.Directory);
        await daemon.RunOkAsync("scale", "lc-other", "web=3");
        var before = await daemon.StatusAsync("lc-other");
        var oldPids = DaemonUnderTest.Instances(before).Select(i => i.GetProperty("processId").GetInt32()).ToList();

        daemon.Process.Signal(Signals.Kill);
        await daemon.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await daemon.RestartAsync();

        Assert.Equal("api-v2", (await Http.GetWithHostAsync(daemon.Url + "/", "lc-api.localhost")).Body);
        Assert.Equal("other-v1", (await Http.GetWithHostAsync(daemon.Url + "/", "lc-other.localhost")).Body);
        // The daemon's edge logs each app's requests in its own file.
        var accessLog = Path.Combine(daemon.Home, "logs", "lc-other-access.log");
        await Http.EventuallyAsync(
            () => Task.FromResult(File.Exists(accessLog) && File.ReadLines(accessLog).Any(line => line.Contains("\"app\":\"lc-other\"", StringComparison.Ordinal)) ? "ok" : null),
            TimeSpan.FromSeconds(10),
            "the request to lc-other in its access log");
        var apiStatus = await daemon.StatusAsync("lc-api");
        Assert.Equal((2, 1), (apiStatus.GetProperty("currentRelease").GetInt32(), apiStatus.GetProperty("previousRelease").GetInt32()));
        var after = await daemon.StatusAsync("lc-other");
        Assert.Equal(3, DaemonUnderTest.Instances(after).Count()); // the scale survived
        Assert.All(oldPids, pid => Assert.False(ProcStat.IsAlive(pid), $"process {pid} of the killed daemon still runs"));
        Assert.Contains(after.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "instance-leftover");
        Assert.Contains(after.GetProperty("deployments").EnumerateArray(), d => d.GetProperty("trigger").GetString() == "resume" && d.GetProperty("status").GetString() == "succeeded");
    }

    [Fact]
    public async Task The_api_answers_only_requests_with_the_daemons_token_which_only_root_can_read()
    {
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        var tokenPath = Path.Combine(daemon.Home, "daemon", "token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenPath));
        using var address = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(daemon.Home, "daemon", "api.json")));
        var api = address.RootElement.GetProperty("Api").GetString();
        using var client = new HttpClient();

        using (var anonymous = await client.GetAsync(new Uri(api + "/v1/status")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Post, api + "/v1/deploy"))
        {
            wrong.Headers.Authorization = new("Bearer", "0123456789abcdef");
            wrong.Content = new StringContent("{\"directory\": \"/tmp\"}");
            using var refused = await client.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, api + "/v1/status");
        right.Headers.Authorization = new("Bearer", (await File.ReadAllTextAsync(tokenPath)).Trim());
        using var answered = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Scale_logs_stop_and_destroy_do_what_they_say()
    {
        using var app = TestApps.NodeService("lc-scale", "scaled");
        var admin = Http.FreePort();
        await using var daemon = await DaemonUnderTest.StartAsync(output, "--admin-port", admin.ToString(System.Globalization.CultureInfo.InvariantCulture), "--keep-releases", "0");
        await daemon.RunOkAsync("deploy", app.Directory);
        var (_, metrics) = await Http.GetAsync($"http://127.0.0.1:{admin}/metrics");
        Assert.Matches("(?m)^runway_instance_memory_bytes\\{app=\"lc-scale\",instance=\"web.1\",release=\"1\"\\} [1-9][0-9]{6,}$", metrics);
        Assert.Matches("(?m)^runway_instance_restarts_total\\{app=\"lc-scale\",instance=\"web.1\",release=\"1\"\\} 0$", metrics);

        await daemon.RunOkAsync("scale", "lc-scale", "web=3");
        var three = DaemonUnderTest.Instances(await daemon.StatusAsync("lc-scale")).ToList();
        Assert.Equal(["web.1", "web.2", "web.3"], three.Select(i => i.GetProperty("id").GetString()).Order());
        Assert.All(three, i => Assert.True(i.GetProperty("memoryBytes").GetInt64() > 1024 * 1024, "an instance's memory is read from /proc"));
        await daemon.RunOkAsync("scale", "lc-scale", "web=1");
        Assert.Single(DaemonUnderTest.Instances(await daemon.StatusAsync("lc-scale")));
        var (refusedExit, refused) = await daemon.RunAsync("scale", "lc-scale", "nothere=2");
        Assert.Equal(1, refusedExit);
        Assert.Contains("has no service nothere", refused, StringComparison.Ordinal);

        var logs = await daemon.RunOkAsync("logs", "lc-scale", "--service", "runway", "-n", "200");
        Assert.Contains("web.3 stopping -> stopped", logs, StringComparison.Ordinal);

        // Retention keeps the current and the previous release whatever the setting (here 0).
        await daemon.RunOkAsync("deploy", app.Directory);
        var third = await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Contains("pruned v1", third, StringComparison.Ordinal);
        var releases = (await daemon.StatusAsync("lc-scale")).GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("number").GetInt32());
        Assert.Equal([3, 2], releases);
        Assert.False(Directory.Exists(Path.Combine(daemon.Home, "releases", "lc-scale", "1")));

        await daemon.RunOkAsync("stop", "lc-scale");
        Assert.Equal("stopped", (await daemon.StatusAsync("lc-scale")).GetProperty("desired").GetString());
        Assert.Empty(DaemonUnderTest.Instances(await daemon.StatusAsync("lc-scale")));
        await daemon.RunOkAsync("restart", "lc-scale");
        Assert.Equal("scaled", (await Http.GetAsync(daemon.Url + "/")).Body);

        var accessLog = Path.Combine(daemon.Home, "logs", "lc-scale-access.log");
        await Eventually.TrueAsync(() => File.Exists(accessLog), "the app's access log written");
        await daemon.RunOkAsync("destroy", "lc-scale");
        var (statusExit, _) = await daemon.RunAsync("status", "lc-scale");
        Assert.Equal(1, statusExit);
        Assert.False(Directory.Exists(Path.Combine(daemon.Home, "releases", "lc-scale")));
        Assert.False(File.Exists(Path.Combine(daemon.Home, "logs", "lc-scale.log")));
        Assert.False(File.Exists(accessLog));
        Assert.DoesNotContain(LeftoverProcesses.Find(daemon.Home), pid => pid != daemon.Process.Pid);
    }

    [Fact]
    public async Task An_instance_that_exceeds_its_memory_limit_is_killed_and_reported_as_such()
    {
        if (!Environment.IsPrivilegedProcess || !Directory.Exists("/sys/fs/cgroup"))
        {
            output.WriteLine("skipped: memory limits need root and cgroups");
            return;
        }

        using var app = TestApps.MemoryHog("lc-memory");
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        Assert.Contains(daemon.Process.Lines, l => l.StartsWith("runway: isolated: cgroup", StringComparison.Ordinal));
        await daemon.RunOkAsync("deploy", app.Directory);

        await Http.GetAsync(daemon.Url + "/grow"); // the instance dies under this request
        var killed = await Http.EventuallyAsync(
            async () => (await daemon.StatusAsync("lc-memory")).GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("message").GetString())
                .FirstOrDefault(m => m!.Contains("exceeded its memory limit of 128 MiB", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "an event saying the instance exceeded its memory limit");
        output.WriteLine(killed);
        await Http.EventuallyAsync(
            async () => DaemonUnderTest.Instances(await daemon.StatusAsync("lc-memory")).Single().GetProperty("state").GetString() == "healthy" ? "back" : null,
            TimeSpan.FromSeconds(30),
            "the instance to be restarted (ON_FAILURE) and healthy");
        await daemon.Process.StopCleanlyAsync(Signals.Terminate, TimeSpan.FromSeconds(30));
        Assert.Empty(Directory.EnumerateDirectories("/sys/fs/cgroup", "lc-memory", SearchOption.AllDirectories));
    }
}
