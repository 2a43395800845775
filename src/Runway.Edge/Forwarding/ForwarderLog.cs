using Microsoft.Extensions.Logging;

namespace Runway.Edge.Forwarding;

/// <summary>Every log line of the forwarder and the load balancer, with their event ids (11xx forwarding, 12xx balancing).</summary>
internal static partial class ForwarderLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Could not connect to {Destination}.")]
    public static partial void ConnectFailed(ILogger logger, Uri destination, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Forwarding to {Destination} failed before a response arrived.")]
    public static partial void RequestFailed(ILogger logger, Uri destination, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "{Destination} did not respond within {Timeout}.")]
    public static partial void TimedOut(ILogger logger, Uri destination, TimeSpan timeout);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "The client went away while forwarding to {Destination}.")]
    public static partial void ClientGone(ILogger logger, Uri destination);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "{Destination} failed while sending the response body ({Error}); the client connection is aborted.")]
    public static partial void ResponseBodyFailed(ILogger logger, Uri destination, ForwardError error, Exception? exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "The response headers of {Destination} could not be passed on.")]
    public static partial void ResponseHeadersFailed(ILogger logger, Uri destination, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Forwarding the request body to {Destination} failed ({Error}).")]
    public static partial void RequestBodyFailed(ILogger logger, Uri destination, ForwardError error, Exception? exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "Upgraded connection to {Destination} ended ({Error}).")]
    public static partial void UpgradeEnded(ILogger logger, Uri destination, ForwardError error, Exception? exception);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Instance {Destination} of {Service} is taken out of rotation for {Period} after {Failures} consecutive failures.")]
    public static partial void DestinationEjected(ILogger logger, string destination, string service, TimeSpan period, int failures);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "No healthy instance of {Service} is available.")]
    public static partial void NoHealthyDestination(ILogger logger, string service);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Retrying {Method} for {Service} on another instance: {Destination} could not be reached.")]
    public static partial void Retrying(ILogger logger, string method, string service, string destination);
}
