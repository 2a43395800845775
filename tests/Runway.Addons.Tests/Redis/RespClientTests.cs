using System.Net;
using System.Net.Sockets;
using System.Text;
using Runway.Addons.Redis;

namespace Runway.Addons.Tests.Redis;

/// <summary>The client against scripted loopback peers; its behaviour against a real server is in <see cref="RedisServerTests"/>.</summary>
public sealed class RespClientTests
{
    [Fact]
    public async Task A_server_that_never_answers_times_out_and_the_connection_is_closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        // The timeout covers the connect too, which a busy machine (tests run in parallel) can hold up for a while.
        await using var client = await RespClient.ConnectAsync(IPAddress.Loopback, Port(listener), TimeSpan.FromSeconds(2), TimeProvider.System, CancellationToken.None);
        using var peer = await accepted;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync(["PING"], CancellationToken.None));

        Assert.Contains("did not answer PING within 2 s", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SendAsync(["PING"], CancellationToken.None));
    }

    [Fact]
    public async Task The_command_goes_out_as_resp_and_the_reply_comes_back()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        await using var client = await RespClient.ConnectAsync(IPAddress.Loopback, Port(listener), TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        using var peer = await accepted;

        var reply = client.SendAsync(["ECHO", "hi"], CancellationToken.None);
        var received = new byte[64];
        var length = 0;
        while (!Encoding.ASCII.GetString(received, 0, length).EndsWith("hi\r\n", StringComparison.Ordinal))
        {
            length += await peer.ReceiveAsync(received.AsMemory(length));
        }

        await peer.SendAsync("$2\r\nhi\r\n"u8.ToArray());

        Assert.Equal("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n", Encoding.ASCII.GetString(received, 0, length));
        Assert.True((await reply).IsText("hi"));
    }

    [Fact]
    public async Task An_error_reply_is_a_value_for_send_and_an_exception_for_execute()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        await using var client = await RespClient.ConnectAsync(IPAddress.Loopback, Port(listener), TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        using var peer = await accepted;
        await peer.SendAsync("-ERR one\r\n-WRONGPASS two\r\n"u8.ToArray());

        var reply = await client.SendAsync(["GET", "k"], CancellationToken.None);
        var error = await Assert.ThrowsAsync<RespErrorException>(() => client.AuthenticateAsync("secret", CancellationToken.None));

        Assert.Equal("ERR one", reply.Text);
        Assert.Equal("WRONGPASS two", error.Reply);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_closes_mid_reply_is_an_io_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        await using var client = await RespClient.ConnectAsync(IPAddress.Loopback, Port(listener), TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        using (var peer = await accepted)
        {
            await peer.SendAsync("$10\r\nabc"u8.ToArray());
            peer.Shutdown(SocketShutdown.Both);
        }

        await Assert.ThrowsAnyAsync<IOException>(() => client.SendAsync(["GET", "k"], CancellationToken.None));
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_fails_at_once()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = Port(listener);
        }

        await Assert.ThrowsAnyAsync<SocketException>(() => RespClient.ConnectAsync(IPAddress.Loopback, port, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None));
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
