using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;

namespace Runway.Edge.Hosting;

/// <summary>Sends a request on to a service's instances, or to the absolute URL of a vercel.json rewrite. A rewrite aimed at a
/// service's public domain goes to that service's instances instead of leaving the machine.</summary>
internal sealed class EdgeProxy(HttpForwarder forwarder, ServiceForwarder services, ForwardOptions options)
{
    /// <summary>The load balancer reports the outcome on the request itself (<see cref="IForwardOutcomeFeature"/>), so its task
    /// is returned as it is.</summary>
    public Task ForwardToServiceAsync(HttpContext context, ServiceDestinations service) =>
        services.ForwardAsync(context, service, options, context.RequestAborted);

    /// <summary>A URL on one of the app's service domains goes to that service, without another suspended method when the URL
    /// is plain enough to split without <see cref="Uri"/>; any other http(s) URL is forwarded as it is.</summary>
    public Task ForwardToUrlAsync(HttpContext context, CompiledApp app, string url)
    {
        if (ProxyTarget.TryParsePlain(url, out var plain) && app.TryGetServiceByDomain(plain.Host, out var service))
        {
            context.Request.Path = plain.Path;
            context.Request.QueryString = plain.Query;
            return ForwardToServiceAsync(context, service);
        }

        return ForwardToParsedUrlAsync(context, app, url);
    }

    private async Task ForwardToParsedUrlAsync(HttpContext context, CompiledApp app, string url)
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
        IForwardOutcomeFeature.Report(context, authority, result.Error);
    }
}
