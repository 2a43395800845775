using System.Net.Sockets;

namespace Runway.Edge.Forwarding;

/// <summary>Tells "the connection could not be made" (nothing reached the upstream) apart from failures after connecting.</summary>
internal static class ConnectFailure
{
    public static bool IsConnectFailure(Exception exception)
    {
        switch (exception)
        {
            case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                return true;
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException }:
                // Refused, unreachable, reset during the handshake: SocketsHttpHandler reports the socket error directly.
                // Failures on an established connection arrive wrapped in an IOException instead.
                return true;
            case OperationCanceledException { InnerException: TimeoutException }:
                // SocketsHttpHandler's ConnectTimeout.
                return true;
            default:
                return false;
        }
    }
}
