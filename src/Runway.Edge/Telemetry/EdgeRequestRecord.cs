using Runway.Edge.Forwarding;

namespace Runway.Edge.Telemetry;

/// <summary>What the edge learned about one request while answering it, for the access log and the metrics.
/// Kept as a request feature; the handler fills in the app and part, the proxy the upstream.</summary>
internal sealed class EdgeRequestRecord : IForwardOutcomeFeature
{
    public string App { get; set; } = "";

    public string Part { get; set; } = "";

    /// <summary>The instance (or absolute URL authority) the request was forwarded to, if any.</summary>
    public string? Upstream { get; set; }

    public ForwardError UpstreamError { get; set; }
}
