using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;
using Runway.Edge.Telemetry;

namespace Runway.Edge.Hosting;

/// <summary>Sends a request on to a service's instances, or to the absolute URL of a vercel.json rewrite. A rewrite aimed at a
/// service's public domain goes to that service's instances instead of leaving the machine.</summary>
internal sealed class EdgeProxy(HttpForwarder forwarder, ServiceForwarder services, ForwardOptions options)
{
    public async Task ForwardToServiceAsync(HttpContext context, ServiceDestinations service)
    {
        var result = await services.ForwardAsync(context, service, options, context.RequestAborted);
        Note(context, result.DestinationId, result.Error);
    }

    public async Task ForwardToUrlAsync(HttpContext context, CompiledApp app, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        context.Request.Path = PathString.FromUriComponent(target.AbsolutePath);
        context.Request.QueryString = QueryString.FromUriComponent(target.Query);
        if (app.TryGetServiceByDomain(target.Host, out var service))
        {
            await ForwardToServiceAsync(context, service);
            return;
        }

        var authority = target.GetLeftPart(UriPartial.Authority);
        var result = await forwarder.ForwardAsync(context, new Uri(authority), options, context.RequestAborted);
        Note(context, authority, result.Error);
    }

    private static void Note(HttpContext context, string? upstream, ForwardError error)
    {
        if (context.Features.Get<EdgeRequestRecord>() is { } record)
        {
            record.Upstream = upstream;
            record.UpstreamError = error;
        }
    }
}
