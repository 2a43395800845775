using Microsoft.AspNetCore.Http;
using Runway.Edge.Routing.Runtime;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Hosting;

/// <summary>Answers a request for a site the way Vercel does: the router decides (redirect, file, rewrite, proxy or not found),
/// header rules are applied, files come from the site's output directory and a miss serves its 404.html.</summary>
internal sealed class SiteResponder(EdgeProxy proxy)
{
    /// <summary>Not async itself: the chosen answer's task is returned as it is, so a proxied request does not pay for one more
    /// suspended method.</summary>
    public Task RespondAsync(HttpContext context, CompiledApp app, CompiledSite site)
    {
        var decision = site.Routing.Router.Route(RouteRequest.From(context), site.FileExists);
        var headers = context.Response.Headers;
        var ruleHeaders = decision.Headers;
        for (var i = 0; i < ruleHeaders.Count; i++)
        {
            headers[ruleHeaders[i].Key] = ruleHeaders[i].Value;
        }

        switch (decision.Kind)
        {
            case RouteDecisionKind.Redirect:
                context.Response.StatusCode = decision.StatusCode;
                headers.Location = decision.Target;
                return Task.CompletedTask;
            case RouteDecisionKind.ServeFile:
            case RouteDecisionKind.Rewrite:
                return ServeFileAsync(context, site, decision.Target!, decision.StatusCode);
            case RouteDecisionKind.Proxy:
                return proxy.ForwardToUrlAsync(context, app, decision.Target!);
            default:
                return NotFoundResponse.WriteAsync(context, site.Files, decision.StatusCode);
        }
    }

    private static async Task ServeFileAsync(HttpContext context, CompiledSite site, string path, int status)
    {
        var result = await site.Files.ServeAsync(context, path, status);
        if (result == StaticFileResult.Malformed)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (result != StaticFileResult.Served)
        {
            await NotFoundResponse.WriteAsync(context, site.Files);
        }
    }
}
