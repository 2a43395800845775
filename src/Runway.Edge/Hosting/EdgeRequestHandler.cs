using Microsoft.AspNetCore.Http;
using Runway.Edge.Telemetry;

namespace Runway.Edge.Hosting;

/// <summary>Finds which app and which part of it a request is for, by host, and hands it to the site or the service.
/// <c>APP.localhost</c> is the app's entry, <c>PART.APP.localhost</c> one of its parts, a service's public domain that service;
/// with a single app every other host reaches its entry.</summary>
internal sealed class EdgeRequestHandler(Func<EdgeSnapshot> snapshot, SiteResponder sites, EdgeProxy proxy)
{
    private const string LocalSuffix = ".localhost";

    public async Task HandleAsync(HttpContext context)
    {
        var current = snapshot();
        var host = context.Request.Host.Host;
        if (!TryResolve(current, host, out var app, out var part))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"no app answers for host '{host}'\n", context.RequestAborted);
            return;
        }

        if (context.Features.Get<EdgeRequestRecord>() is { } record)
        {
            record.App = app.Name;
            record.Part = part ?? "";
        }

        if (await app.Protection.TryAnswerAsync(context))
        {
            return;
        }

        if (part is not null && app.TryGetSite(part, out var site))
        {
            await sites.RespondAsync(context, app, site);
            return;
        }

        if (part is not null && app.TryGetService(part, out var service))
        {
            await proxy.ForwardToServiceAsync(context, service);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    internal static bool TryResolve(EdgeSnapshot snapshot, string host, out CompiledApp app, out string? part)
    {
        part = null;
        if (host.EndsWith(LocalSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var labels = host[..^LocalSuffix.Length].ToLowerInvariant();
            var dot = labels.LastIndexOf('.');
            var appName = dot < 0 ? labels : labels[(dot + 1)..];
            if (snapshot.TryGetApp(appName, out app))
            {
                part = dot < 0 ? app.App.Entry : labels[..dot];
                return part is null || app.HasPart(part);
            }
        }

        foreach (var candidate in snapshot.Apps)
        {
            if (candidate.ServiceForDomain(host) is { } service)
            {
                app = candidate;
                part = service;
                return true;
            }
        }

        if (snapshot.Apps.Count == 1)
        {
            app = snapshot.Apps[0];
            part = app.App.Entry;
            return true;
        }

        app = null!;
        return false;
    }
}
