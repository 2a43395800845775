using System.Net;
using System.Net.Sockets;
using Microsoft.Net.Http.Headers;
using Runway.Edge.Forwarding.Http1;

namespace Runway.Edge.Tests.Forwarding;

public sealed class Http1HeaderValueTests
{
    [Fact]
    public async Task A_value_repeated_on_a_connection_reuses_its_string_and_a_changed_one_is_read_anew()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var connection = await Http1Connection.ConnectAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None);

        var first = connection.HeaderValue(HeaderNames.Server, "nginx/1.22.1"u8);
        var again = connection.HeaderValue(HeaderNames.Server, "nginx/1.22.1"u8);
        var changed = connection.HeaderValue(HeaderNames.Server, "nginx/1.24.0"u8);
        var otherName = connection.HeaderValue(HeaderNames.Via, "nginx/1.24.0"u8);
        byte[] latin1Bytes = [.. "attachment; filename="u8, 0xE9];
        var latin1 = connection.HeaderValue(HeaderNames.ContentDisposition, latin1Bytes);

        Assert.Equal("nginx/1.22.1", first);
        Assert.Same(first, again);
        Assert.Equal("nginx/1.24.0", changed);
        Assert.Equal("nginx/1.24.0", otherName);
        Assert.NotSame(changed, otherName);
        Assert.Equal("attachment; filename=é", latin1);
    }
}
