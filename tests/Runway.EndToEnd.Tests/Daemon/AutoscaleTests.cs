namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>A service with `[services.web.autoscale]` grows under load and shrinks after it, each step an event, no request lost.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AutoscaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrency_at_the_edge_scales_a_service_up_to_its_max_and_back_down_after_the_load()
    {
        using var app = TestApps.Autoscaled("as-web");
        await using var daemon = await DaemonUnderTest.StartAsync(output, "--autoscale-interval", "0.5");
        await daemon.RunOkAsync("deploy", app.Directory);
        Assert.Single(DaemonUnderTest.Instances(await daemon.StatusAsync("as-web")));

        await using (var load = LoadGenerator.Start(daemon.Url + "/slow", concurrency: 8, maxDuration: TimeSpan.FromSeconds(90)))
        {
            await Http.EventuallyAsync(
                async () => DaemonUnderTest.Instances(await daemon.StatusAsync("as-web")).Count(i => i.GetProperty("state").GetString() == "healthy") == 3 ? "3" : null,
                TimeSpan.FromSeconds(60),
                "three healthy instances under load");
            await load.StopAsync();
            output.WriteLine(load.ToString());
            Assert.Empty(load.Failures);
        }

        await Http.EventuallyAsync(
            async () => DaemonUnderTest.Instances(await daemon.StatusAsync("as-web")).Count() == 1 ? "1" : null,
            TimeSpan.FromSeconds(60),
            "one instance again once the load is gone");
        var events = (await daemon.StatusAsync("as-web")).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "autoscaled")
            .Select(e => e.GetProperty("message").GetString()!)
            .ToList();
        output.WriteLine(string.Join("\n", events));
        Assert.Contains(events, e => e.StartsWith("web: concurrency", StringComparison.Ordinal) && e.Contains("-> 2", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("-> 3", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("-> 1", StringComparison.Ordinal));
    }
}
