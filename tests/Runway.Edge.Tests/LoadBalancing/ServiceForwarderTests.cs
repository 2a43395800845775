using System.Net;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.LoadBalancing;

/// <summary>Load balancing, passive health, retries (DESIGN forwarder rule 8) and 503 (rule 6) through a real front.</summary>
public sealed class ServiceForwarderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Requests_are_spread_over_all_instances()
    {
        await using var a = await Balancer.NamedUpstreamAsync("a");
        await using var b = await Balancer.NamedUpstreamAsync("b");
        await using var c = await Balancer.NamedUpstreamAsync("c");
        await using var balancer = await Balancer.StartAsync();
        balancer.Service.Update([new("a", a.Address), new("b", b.Address), new("c", c.Address)]);
        using var client = balancer.Front.CreateClient();

        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < 150; i++)
        {
            counts[await client.GetStringAsync(new Uri("/", UriKind.Relative))]++;
        }

        Assert.All(counts.Values, count => Assert.InRange(count, 25, 75));
    }

    [Fact]
    public async Task A_busy_instance_is_passed_over_for_an_idle_one()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestDelegate Handler(string name) => async c =>
        {
            if (c.Request.Path == "/hold")
            {
                held.SetResult(name);
                await release.Task.WaitAsync(Patience, c.RequestAborted);
            }

            await c.Response.WriteAsync(name, c.RequestAborted);
        };
        await using var a = await TestServer.StartAsync(Handler("a"));
        await using var b = await TestServer.StartAsync(Handler("b"));
        await using var balancer = await Balancer.StartAsync();
        balancer.Service.Update([new("a", a.Address), new("b", b.Address)]);
        using var client = balancer.Front.CreateClient();

        var slow = client.GetStringAsync(new Uri("/hold", UriKind.Relative));
        var busy = await held.Task.WaitAsync(Patience);
        var others = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            others.Add(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        }

        release.SetResult();
        Assert.Equal(busy, await slow);
        Assert.DoesNotContain(busy, others);
        Assert.Equal(0, balancer.Instance(busy).InFlight);
    }

    [Fact]
    public async Task An_instance_failing_repeatedly_is_ejected_then_tried_again_after_the_reactivation_period()
    {
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        var options = new LoadBalancingOptions { FailuresBeforeEjection = 2, ReactivationPeriod = TimeSpan.FromSeconds(30), RetryOnConnectFailure = false };
        await using var balancer = await Balancer.StartAsync(options);
        balancer.Service.Update([new("dead", Upstreams.ClosedPort()), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();
        var dead = balancer.Instance("dead");

        var failures = 0;
        for (var i = 0; i < 100 && failures < 2; i++)
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            failures += response.StatusCode == HttpStatusCode.BadGateway ? 1 : 0;
        }

        Assert.Equal(2, failures);
        Assert.True(dead.IsEjected(balancer.Time));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("alive", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        }

        balancer.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(dead.IsEjected(balancer.Time));
        var triedAgain = false;
        for (var i = 0; i < 100 && !triedAgain; i++)
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            triedAgain = response.StatusCode == HttpStatusCode.BadGateway;
        }

        Assert.True(triedAgain);
        Assert.True(dead.IsEjected(balancer.Time));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("DELETE")]
    public async Task An_idempotent_request_that_could_not_connect_is_retried_on_another_instance(string method)
    {
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        // Index 0 first: the dead instance is the first choice and, on a tie, the winner.
        await using var balancer = await Balancer.StartAsync(random: new ScriptedRandom(0, 0));
        balancer.Service.Update([new("dead", Upstreams.ClosedPort()), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await balancer.Front.NextResultAsync();
        Assert.Equal((ForwardError.None, 2, "alive"), (result.Error, result.Attempts, result.DestinationId));
        Assert.Equal(1, balancer.Instance("dead").ConsecutiveFailures);
    }

    [Fact]
    public async Task A_PUT_that_could_not_connect_is_retried_with_its_body_intact()
    {
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        await using var balancer = await Balancer.StartAsync(random: new ScriptedRandom(0, 0));
        balancer.Service.Update([new("dead", Upstreams.ClosedPort()), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();

        using var response = await client.PutAsync(new Uri("/items/1", UriKind.Relative), new StringContent("payload"));

        Assert.Equal("alive:payload", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, (await balancer.Front.NextResultAsync()).Attempts);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_non_idempotent_request_is_never_retried(string method)
    {
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        await using var balancer = await Balancer.StartAsync(random: new ScriptedRandom(0, 0));
        balancer.Service.Update([new("dead", Upstreams.ClosedPort()), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/") { Content = new StringContent("order #1") });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var result = await balancer.Front.NextResultAsync();
        Assert.Equal((ForwardError.ConnectFailed, 1, "dead"), (result.Error, result.Attempts, result.DestinationId));
    }

    [Fact]
    public async Task A_GET_whose_instance_closed_before_answering_is_retried_on_another_instance()
    {
        await using var closing = RawUpstream.Handling((_, _) => Task.CompletedTask);
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        await using var balancer = await Balancer.StartAsync(random: new ScriptedRandom(0, 0));
        balancer.Service.Update([new("closing", closing.Address), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await balancer.Front.NextResultAsync();
        Assert.Equal((ForwardError.None, 2, "alive"), (result.Error, result.Attempts, result.DestinationId));
    }

    [Fact]
    public async Task A_PUT_with_a_body_is_not_retried_once_the_connection_was_made()
    {
        await using var closing = RawUpstream.Handling((_, _) => Task.CompletedTask);
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        await using var balancer = await Balancer.StartAsync(random: new ScriptedRandom(0, 0));
        balancer.Service.Update([new("closing", closing.Address), new("alive", alive.Address)]);
        using var client = balancer.Front.CreateClient();

        using var response = await client.PutAsync(new Uri("/items/1", UriKind.Relative), new StringContent("payload"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var result = await balancer.Front.NextResultAsync();
        Assert.Equal((ForwardError.RequestFailed, 1), (result.Error, result.Attempts));
    }

    [Fact]
    public async Task No_available_instance_is_answered_503()
    {
        await using var alive = await Balancer.NamedUpstreamAsync("alive");
        var options = new LoadBalancingOptions { FailuresBeforeEjection = 1, RetryOnConnectFailure = false };
        await using var balancer = await Balancer.StartAsync(options);
        using var client = balancer.Front.CreateClient();

        // No instance at all, then only an unhealthy one, then only an ejected one.
        using (var response = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        balancer.Service.Update([new("starting", alive.Address, Healthy: false)]);
        using (var response = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        balancer.Service.Update([new("dead", Upstreams.ClosedPort())]);
        using (var response = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        using (var response = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var results = new[] { await balancer.Front.NextResultAsync(), await balancer.Front.NextResultAsync(), await balancer.Front.NextResultAsync(), await balancer.Front.NextResultAsync() };
        Assert.Equal([ForwardError.NoHealthyDestination, ForwardError.NoHealthyDestination, ForwardError.ConnectFailed, ForwardError.NoHealthyDestination],
            results.Select(r => r.Error));
    }

    [Fact]
    public async Task A_deploy_swaps_the_instances_without_disturbing_a_request_in_flight()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var v1 = await TestServer.StartAsync(async c =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(Patience, c.RequestAborted);
            await c.Response.WriteAsync("v1", c.RequestAborted);
        });
        await using var v2 = await Balancer.NamedUpstreamAsync("v2");
        await using var balancer = await Balancer.StartAsync();
        balancer.Service.Update([new("web-v1", v1.Address)]);
        using var client = balancer.Front.CreateClient();

        var old = client.GetStringAsync(new Uri("/", UriKind.Relative));
        await held.Task.WaitAsync(Patience);
        balancer.Service.Update([new("web-v2", v2.Address)]);
        var afterSwap = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        release.SetResult();

        Assert.Equal("v2", afterSwap);
        Assert.Equal("v1", await old);
    }
}
