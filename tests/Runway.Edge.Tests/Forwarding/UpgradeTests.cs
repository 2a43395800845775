using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 7: upgrades are forwarded; after 101 both directions are copied until either ends.</summary>
public sealed class UpgradeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_WebSocket_echoes_through_the_forwarder_and_closes_cleanly()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(EchoWebSocketAsync, configure: app => app.UseWebSockets());
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Patience);

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{front.Port}/ws"), timeout.Token);
        var replies = new List<string>();
        foreach (var message in new[] { "hello", "second message", new string('x', 200_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            replies.Add(await ReceiveTextAsync(socket, timeout.Token));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(["hello", "second message", new string('x', 200_000)], replies);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(ForwardError.None, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upgrade_to_another_protocol_becomes_a_two_way_byte_stream_that_ends_with_either_side()
    {
        using var forwarders = new Forwarders();
        string? upgradeRequest = null;
        await using var upstream = RawUpstream.Handling(async (head, stream) =>
        {
            upgradeRequest = head;
            await stream.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo/1\r\n\r\n"u8.ToArray());
            var buffer = new byte[1024];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read));
            }
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, front.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync("GET /tunnel HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo/1\r\n\r\n"u8.ToArray());
        var switched = await RawHttp.ReadUntilAsync(stream, "\r\n\r\n");
        await stream.WriteAsync("ping"u8.ToArray());
        var echoed = await RawHttp.ReadUntilAsync(stream, "ping");
        tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var rest = await RawHttp.ReadToEndAsync(stream);

        Assert.StartsWith("HTTP/1.1 101", switched, StringComparison.Ordinal);
        Assert.Contains("Upgrade: echo/1", switched, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Connection: Upgrade", upgradeRequest, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Upgrade: echo/1", upgradeRequest, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ping", echoed);
        Assert.Equal("", rest);
        Assert.Equal(ForwardError.None, (await front.NextResultAsync()).Error);
    }

    private static async Task EchoWebSocketAsync(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                await socket.SendAsync(message.ToArray(), result.MessageType, endOfMessage: true, context.RequestAborted);
                message.SetLength(0);
            }
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }
}
