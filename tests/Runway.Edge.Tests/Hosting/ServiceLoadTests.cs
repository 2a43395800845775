using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Hosting;
using Runway.Edge.LoadBalancing;
using Runway.Edge.Tests.Support;
using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.Hosting;

/// <summary>The edge reports each service's load for autoscaling: requests in flight, instances in rotation, p95 and count.</summary>
public sealed class ServiceLoadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_slow_upstream_shows_in_requests_in_flight_and_in_the_p95()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var upstream = await TestServer.StartAsync(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/hold":
                    Interlocked.Increment(ref held);
                    await release.Task.WaitAsync(Patience, context.RequestAborted);
                    break;
                case "/slow":
                    await Task.Delay(TimeSpan.FromMilliseconds(400), context.RequestAborted);
                    break;
            }

            await context.Response.WriteAsync("done", context.RequestAborted);
        });
        // Two instances of one upstream process: whichever the balancer picks, the request is held or slowed the same way.
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address), new EdgeInstance("api.2", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(services: [service]);

        Assert.Equal(new ServiceLoad(0, 2, null, 0), edge.Edge.GetServiceLoad("shop", "api", Window));

        // Fast answers only: the p95 stays low.
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(edge, "/fast")).StatusCode);
        }

        var fast = edge.Edge.GetServiceLoad("shop", "api", Window)!;
        Assert.Equal(40, fast.Requests);
        Assert.True(fast.P95 < TimeSpan.FromMilliseconds(200), $"p95 of fast answers {fast.P95}");

        // Three requests held by the upstream are in flight until it lets them go.
        var holding = Enumerable.Range(0, 3).Select(_ => GetAsync(edge, "/hold")).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref held) == 3 || holding.Any(h => h.IsCompleted), "three requests held by the upstream", Patience);
        var busy = edge.Edge.GetServiceLoad("shop", "api", Window)!;
        Assert.Equal(3, busy.InFlight);
        Assert.Equal(40, busy.Requests);
        release.SetResult();
        await Task.WhenAll(holding);

        // Slow answers: more than 5% of the window, so the p95 is one of them.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GetAsync(edge, "/slow")));
        var slow = edge.Edge.GetServiceLoad("shop", "api", Window)!;

        Assert.Equal(0, slow.InFlight);
        Assert.Equal(2, slow.Instances);
        Assert.Equal(48, slow.Requests);
        // The p95 is read from log-linear buckets: within an eighth of the 400 ms (or more) those answers took.
        Assert.True(slow.P95 >= TimeSpan.FromMilliseconds(400 / 1.125) && slow.P95 < TimeSpan.FromSeconds(5), $"p95 with slow answers {slow.P95}");
    }

    [Fact]
    public async Task Instances_count_only_those_in_rotation_and_an_unknown_service_has_no_load()
    {
        await using var upstream = await TestServer.StartAsync(context => context.Response.WriteAsync("ok"));
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address), new EdgeInstance("api.2", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(services: [service]);

        edge.Edge.SetInstanceHealth("shop", "api", "api.2", healthy: false);

        Assert.Equal(1, edge.Edge.GetServiceLoad("shop", "api", Window)!.Instances);
        Assert.Null(edge.Edge.GetServiceLoad("shop", "worker", Window));
        Assert.Null(edge.Edge.GetServiceLoad("other", "api", Window));
    }

    [Fact]
    public async Task An_open_websocket_is_in_flight_but_not_a_response_time()
    {
        await using var upstream = await TestServer.StartAsync(EchoUntilClosedAsync, configure: app => app.UseWebSockets());
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address)], ValueList<string>.Empty);
        await using var edge = await EdgeHarness.StartAsync(services: [service]);
        using var timeout = new CancellationTokenSource(Patience);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await tcp.ConnectAsync(IPAddress.Loopback, edge.Edge.Port, token);
                return new System.Net.Sockets.NetworkStream(tcp, ownsSocket: true);
            },
        });

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://api.shop.localhost:{edge.Edge.Port}/ws"), invoker, timeout.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(300), timeout.Token);
            Assert.Equal(1, edge.Edge.GetServiceLoad("shop", "api", Window)!.InFlight);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        await Eventually.TrueAsync(() => edge.Edge.GetServiceLoad("shop", "api", Window)!.InFlight == 0, "no request in flight", Patience);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(edge, "/plain")).StatusCode);
        var load = edge.Edge.GetServiceLoad("shop", "api", Window)!;
        Assert.Equal(1, load.Requests);
        Assert.True(load.P95 < TimeSpan.FromMilliseconds(250), $"p95 {load.P95} counts the 300 ms websocket");
    }

    private static async Task<HttpResponseMessage> GetAsync(EdgeHarness edge, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = "api.shop.localhost";
        return await edge.Client.SendAsync(request);
    }

    private static async Task EchoUntilClosedAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await context.Response.WriteAsync("plain");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }
        }
    }
}
