using Microsoft.AspNetCore.Http;
using Runway.Edge.Routing.Runtime;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Hosting;

/// <summary>Answers a request for a site the way Vercel does: the router decides (redirect, file, rewrite, proxy or not found),
/// header rules are applied, files come from the site's output directory and a miss serves its 404.html.</summary>
internal sealed class SiteResponder(EdgeProxy proxy)
{
    public async Task RespondAsync(HttpContext context, CompiledApp app, CompiledSite site)
    {
        var decision = site.Routing.Router.Route(RouteRequest.From(context), path => site.Files.Probe(path) == StaticPathKind.File);
        var headers = context.Response.Headers;
        foreach (var (name, value) in decision.Headers)
        {
            headers[name] = value;
        }

        switch (decision.Kind)
        {
            case RouteDecisionKind.Redirect:
                context.Response.StatusCode = decision.StatusCode;
                headers.Location = decision.Target;
                return;
            case RouteDecisionKind.ServeFile:
            case RouteDecisionKind.Rewrite:
                await ServeFileAsync(context, site, decision.Target!, decision.StatusCode);
                return;
            case RouteDecisionKind.Proxy:
                await proxy.ForwardToUrlAsync(context, app, decision.Target!);
                return;
            default:
                await NotFoundResponse.WriteAsync(context, site.Files, decision.StatusCode);
                return;
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
