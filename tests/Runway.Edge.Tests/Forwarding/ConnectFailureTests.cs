using System.Net.Sockets;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>Only failures that happen before anything reached the upstream count as connect failures (and may be retried).</summary>
public sealed class ConnectFailureTests
{
    [Fact]
    public void Refused_unresolvable_and_timed_out_connections_are_connect_failures()
    {
        Assert.True(ConnectFailure.IsConnectFailure(
            new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(ConnectFailure.IsConnectFailure(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
        Assert.True(ConnectFailure.IsConnectFailure(new TaskCanceledException("connect", new TimeoutException("ConnectTimeout"))));
    }

    [Fact]
    public void Failures_on_an_established_connection_are_not()
    {
        Assert.False(ConnectFailure.IsConnectFailure(new HttpRequestException(HttpRequestError.ConnectionError, "reset",
            new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))));
        Assert.False(ConnectFailure.IsConnectFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.False(ConnectFailure.IsConnectFailure(new TaskCanceledException("cancelled")));
    }
}
