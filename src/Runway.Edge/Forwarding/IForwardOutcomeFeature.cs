using Microsoft.AspNetCore.Http;

namespace Runway.Edge.Forwarding;

/// <summary>A request feature the edge's request recorder offers: the load balancer reports on it which instance answered the
/// request and what went wrong, so nothing has to wait for the forward to end just to pass that on.</summary>
public interface IForwardOutcomeFeature
{
    /// <summary>Tells the request's recorder (when it has one) which upstream answered and how it went.</summary>
    static void Report(HttpContext context, string? upstream, ForwardError error)
    {
        if (context.Features.Get<IForwardOutcomeFeature>() is { } outcome)
        {
            outcome.Upstream = upstream;
            outcome.UpstreamError = error;
        }
    }

    /// <summary>The instance (or absolute URL authority) the request was forwarded to, if any.</summary>
    string? Upstream { get; set; }

    ForwardError UpstreamError { get; set; }
}
