using System.Net;
using System.Net.Sockets;
using Microsoft.Net.Http.Headers;
using Runway.Edge.Forwarding.Http1;

namespace Runway.Edge.Tests.Forwarding;

public sealed class Http1HeaderValueTests
{
    [Fact]
    public async Task A_value_repeated_at_its_place_on_a_connection_reuses_its_string_and_a_changed_one_is_read_anew()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var connection = await Http1Connection.ConnectAsync("127.0.0.1", port, TimeSpan.FromSeconds(5), CancellationToken.None);

        var first = connection.HeaderValue(0, HeaderNames.Server, "nginx/1.22.1"u8);
        var again = connection.HeaderValue(0, HeaderNames.Server, "nginx/1.22.1"u8);
        var elsewhere = connection.HeaderValue(1, HeaderNames.Server, "nginx/1.22.1"u8);
        var changed = connection.HeaderValue(0, HeaderNames.Server, "nginx/1.24.0"u8);
        var otherName = connection.HeaderValue(0, HeaderNames.Via, "nginx/1.24.0"u8);
        byte[] latin1Bytes = [.. "attachment; filename="u8, 0xE9];
        var latin1 = connection.HeaderValue(2, HeaderNames.ContentDisposition, latin1Bytes);
        var far = connection.HeaderValue(99, HeaderNames.Server, "nginx/1.24.0"u8);

        Assert.Equal("nginx/1.22.1", first);
        Assert.Same(first, again);
        Assert.NotSame(first, elsewhere);
        Assert.Equal(first, elsewhere);
        Assert.Equal("nginx/1.24.0", changed);
        Assert.Equal("nginx/1.24.0", otherName);
        Assert.NotSame(changed, otherName);
        Assert.Equal("attachment; filename=é", latin1);
        Assert.Equal("nginx/1.24.0", far);
    }
}
