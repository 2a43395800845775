using System.Net;
using System.Net.Sockets;

namespace Runway.Runtime.Health;

/// <summary>Passes when the instance's port on 127.0.0.1 accepts a TCP connection (web services without a health path).</summary>
internal sealed class TcpPortProbe(int port, TimeProvider timeProvider) : IHealthProbe
{
    public string Description { get; } = $"TCP connect to port {port}";

    public async Task<ProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), linked.Token);
            return ProbeResult.Pass($"port {port} accepts connections");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"{Description} did not complete within {Durations.Format(timeout)}");
        }
        catch (SocketException ex)
        {
            return ProbeResult.Fail($"nothing accepts connections on port {port} ({ex.SocketErrorCode})");
        }
    }
}
