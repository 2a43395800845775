using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Hosting;
using Runway.Edge.Telemetry;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

/// <summary>With every protection and the access log on, a WebSocket still passes through the edge both ways.</summary>
public class ProtectedUpgradeTests
{
    [Fact]
    public async Task A_websocket_echoes_through_a_fully_protected_and_logged_edge()
    {
        await using var upstream = await TestServer.StartAsync(EchoAsync, configure: app => app.UseWebSockets());
        var sink = new LineSink();
        var settings = new EdgeSettings
        {
            SecurityHeaders = SecurityHeaderPreset.Strict,
            RateLimits = [new RateLimitRule("/", 10, TimeSpan.FromMinutes(1))],
            Cors = new CorsSettings(["https://app.example.com"], [], Credentials: false),
            MaxRequestBodySize = 1024,
            MaxRequestHeadersSize = 8192,
        };
        var service = new EdgeService("api", [new EdgeInstance("api.1", upstream.Address)], ValueList<string>.Empty);
        var replies = new List<string>();
        await using (var edge = await EdgeHarness.StartAsync(settings, new EdgeServerOptions { AccessLog = AccessLogSink.To(sink) }, services: [service]))
        {
            using var socket = new ClientWebSocket();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // The host name picks the part; every connection goes to the edge on loopback.
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    await tcp.ConnectAsync(System.Net.IPAddress.Loopback, edge.Edge.Port, token);
                    return new System.Net.Sockets.NetworkStream(tcp, ownsSocket: true);
                },
            });
            await socket.ConnectAsync(new Uri($"ws://api.shop.localhost:{edge.Edge.Port}/ws"), invoker, timeout.Token);
            foreach (var message in new[] { "hello", new string('x', 50_000) })
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
                replies.Add(await ReceiveTextAsync(socket, timeout.Token));
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        Assert.Equal(["hello", new string('x', 50_000)], replies);
        using var line = JsonDocument.Parse((await sink.WaitForAsync(1))[0]);
        Assert.Equal(101, line.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("api", line.RootElement.GetProperty("part").GetString());
    }

    private static async Task EchoAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[100_000];
        while (true)
        {
            var received = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, received, buffer.Length - received), context.RequestAborted);
                received += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            await socket.SendAsync(new ArraySegment<byte>(buffer, 0, received), WebSocketMessageType.Text, true, context.RequestAborted);
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        var buffer = new byte[16_384];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(text.ToArray());
    }
}
