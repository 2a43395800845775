namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>The daemon moves apps between releases under a bounded load on loopback, and not one request fails.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ZeroDowntimeTests(ITestOutputHelper output)
{
    private const int RequestsPerOperation = 10_000;

    [Fact]
    public async Task A_redeploy_and_a_rollback_under_load_drop_no_request()
    {
        using var app = TestApps.NodeService("zd-redeploy", "v-one");
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        await daemon.RunOkAsync("deploy", app.Directory);

        await using var load = LoadGenerator.Start(daemon.Url + "/");
        Assert.True(await load.WaitUntilAsync(l => l.Succeeded >= 500), load.ToString());
        TestApps.SetVersion(app, "v-one", "v-two");
        var deploy = await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Contains("starting v2 beside v1", deploy, StringComparison.Ordinal);
        Assert.True(await load.WaitUntilAsync(l => l.Count("v-two") >= 2_000), load.ToString());

        var rollback = await daemon.RunOkAsync("rollback", "zd-redeploy");
        Assert.Contains("v1 serves; v2 stopped", rollback, StringComparison.Ordinal);
        Assert.DoesNotContain("build", rollback, StringComparison.Ordinal); // a rollback reuses the release as built
        var oneBeforeRollback = load.Count("v-one");
        Assert.True(await load.WaitUntilAsync(l => l.Count("v-one") >= oneBeforeRollback + 2_000 && l.Sent >= RequestsPerOperation), load.ToString());
        await load.StopAsync();

        output.WriteLine(load.ToString());
        Assert.True(load.Sent >= RequestsPerOperation, load.ToString());
        Assert.Empty(load.Failures);
        Assert.Equal(load.Sent, load.Succeeded);

        var status = await daemon.StatusAsync("zd-redeploy");
        Assert.Equal(1, status.GetProperty("currentRelease").GetInt32());
        Assert.Equal(2, status.GetProperty("previousRelease").GetInt32());
        Assert.All(DaemonUnderTest.Instances(status), i => Assert.Equal("healthy", i.GetProperty("state").GetString()));
        await daemon.Process.StopCleanlyAsync(Signals.Terminate, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_deploy_whose_health_check_fails_leaves_the_old_release_serving_and_says_why()
    {
        using var app = TestApps.NodeService("zd-unhealthy", "v-good", healthTimeoutSeconds: 3);
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        await daemon.RunOkAsync("deploy", app.Directory);

        await using var load = LoadGenerator.Start(daemon.Url + "/");
        TestApps.SetVersion(app, "v-good", "v-broken");
        TestApps.SetHealthStatus(app, 200, 500);
        var (exit, deploy) = await daemon.RunAsync("deploy", app.Directory);
        Assert.Equal(1, exit);
        Assert.Matches("v2 did not become healthy .*web\\.2.*; v1 keeps serving", deploy);
        Assert.True(await load.WaitUntilAsync(l => l.Sent >= RequestsPerOperation), load.ToString());
        await load.StopAsync();

        output.WriteLine(load.ToString());
        Assert.Empty(load.Failures);
        Assert.Equal(0, load.Count("v-broken"));
        var status = await daemon.StatusAsync("zd-unhealthy");
        Assert.Equal(1, status.GetProperty("currentRelease").GetInt32());
        var failed = status.GetProperty("deployments")[0];
        Assert.Equal(("failed", 2), (failed.GetProperty("status").GetString(), failed.GetProperty("release").GetInt32()));
        Assert.Contains("did not become healthy", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["web.1"], DaemonUnderTest.Instances(status).Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Killing_one_of_two_replicas_drops_no_request_and_the_replica_comes_back()
    {
        using var app = TestApps.NodeService("zd-replicas", "v-one", replicas: 2);
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        await daemon.RunOkAsync("deploy", app.Directory);
        var before = DaemonUnderTest.Instances(await daemon.StatusAsync("zd-replicas")).ToList();
        Assert.Equal(2, before.Count);
        var victim = before[0];
        var victimId = victim.GetProperty("id").GetString();

        await using var load = LoadGenerator.Start(daemon.Url + "/");
        Assert.True(await load.WaitUntilAsync(l => l.Succeeded >= 2_000), load.ToString());
        Assert.Equal(0, NativeSignals.Send(-victim.GetProperty("processId").GetInt32(), Signals.Kill));
        Assert.True(await load.WaitUntilAsync(l => l.Sent >= RequestsPerOperation), load.ToString());

        var back = await Http.EventuallyAsync(
            async () =>
            {
                var instance = DaemonUnderTest.Instances(await daemon.StatusAsync("zd-replicas")).Single(i => i.GetProperty("id").GetString() == victimId);
                return instance.GetProperty("state").GetString() == "healthy" && instance.GetProperty("restarts").GetInt32() == 1 ? instance.ToString() : null;
            },
            TimeSpan.FromSeconds(30),
            $"{victimId} to be restarted and healthy again");
        output.WriteLine(back);
        Assert.True(await load.WaitUntilAsync(l => l.Sent >= RequestsPerOperation + 2_000), load.ToString());
        await load.StopAsync();

        output.WriteLine(load.ToString());
        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task Four_replicas_roll_in_batches_without_a_dropped_request_and_a_failed_roll_restores_the_old_release()
    {
        using var app = TestApps.NodeService("zd-rolling", "v-one", replicas: 4, healthTimeoutSeconds: 5);
        await using var daemon = await DaemonUnderTest.StartAsync(output);
        await daemon.RunOkAsync("deploy", app.Directory);

        await using var load = LoadGenerator.Start(daemon.Url + "/");
        Assert.True(await load.WaitUntilAsync(l => l.Succeeded >= 500), load.ToString());
        TestApps.SetVersion(app, "v-one", "v-two");
        var rolled = await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Contains("rolling v2 over v1 in batches of 1", rolled, StringComparison.Ordinal);
        Assert.Equal(4, rolled.Split('\n').Count(l => l.Contains("draining and stopping", StringComparison.Ordinal)));
        Assert.True(await load.WaitUntilAsync(l => l.Count("v-two") >= 1_000), load.ToString());

        TestApps.SetVersion(app, "v-two", "v-broken");
        TestApps.SetHealthStatus(app, 200, 500);
        var (exit, failed) = await daemon.RunAsync("deploy", app.Directory);
        Assert.Equal(1, exit);
        Assert.Contains("v3 did not become healthy", failed, StringComparison.Ordinal);
        Assert.True(await load.WaitUntilAsync(l => l.Sent >= RequestsPerOperation), load.ToString());
        await load.StopAsync();

        output.WriteLine(load.ToString());
        Assert.Empty(load.Failures);
        Assert.Equal(0, load.Count("v-broken"));
        var status = await daemon.StatusAsync("zd-rolling");
        Assert.Equal(2, status.GetProperty("currentRelease").GetInt32());
        var instances = DaemonUnderTest.Instances(status).ToList();
        Assert.Equal(4, instances.Count);
        Assert.All(instances, i => Assert.Equal(("healthy", 2), (i.GetProperty("state").GetString(), i.GetProperty("release").GetInt32())));
    }
}
