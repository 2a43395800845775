using Microsoft.AspNetCore.Http;
using Runway.Edge.Telemetry;

namespace Runway.Edge.Hosting;

/// <summary>Finds which app and which part of it a request is for, by host, and hands it to the site or the service.
/// <c>APP.localhost</c> is the app's entry, <c>PART.APP.localhost</c> one of its parts, a service's public domain that service;
/// with a single app every other host reaches its entry.</summary>
internal sealed class EdgeRequestHandler(Func<EdgeSnapshot> snapshot, SiteResponder sites, EdgeProxy proxy)
{
    private const string LocalSuffix = ".localhost";

    // DNS names are at most 253 characters; a longer Host is no app's name and is not copied to the stack.
    private const int MaxLocalHostLength = 253;

    /// <summary>Not async itself while nothing has to wait: the site's or service's task is returned as it is.</summary>
    public Task HandleAsync(HttpContext context)
    {
        var current = snapshot();
        var host = HostName(context.Request.Host);
        if (!TryResolve(current, host, out var app, out var part))
        {
            return NoAppAsync(context, host.ToString());
        }

        if (context.Features.Get<EdgeRequestRecord>() is { } record)
        {
            record.App = app.Name;
            record.Part = part ?? "";
        }

        var answered = app.Protection.TryAnswerAsync(context);
        if (!answered.IsCompletedSuccessfully)
        {
            return DispatchAfterAsync(answered, context, app, part);
        }

        return answered.Result ? Task.CompletedTask : Dispatch(context, app, part);
    }

    private async Task DispatchAfterAsync(Task<bool> answered, HttpContext context, CompiledApp app, string? part)
    {
        if (!await answered)
        {
            await Dispatch(context, app, part);
        }
    }

    private Task Dispatch(HttpContext context, CompiledApp app, string? part)
    {
        if (part is not null && app.TryGetSite(part, out var site))
        {
            return sites.RespondAsync(context, app, site);
        }

        if (part is not null && app.TryGetService(part, out var service))
        {
            return proxy.ForwardToServiceAsync(context, service);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }

    private static async Task NoAppAsync(HttpContext context, string host)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"no app answers for host '{host}'\n", context.RequestAborted);
    }

    internal static bool TryResolve(EdgeSnapshot snapshot, string host, out CompiledApp app, out string? part) =>
        TryResolve(snapshot, host.AsSpan(), out app, out part);

    internal static bool TryResolve(EdgeSnapshot snapshot, ReadOnlySpan<char> host, out CompiledApp app, out string? part)
    {
        part = null;
        if (host.EndsWith(LocalSuffix, StringComparison.OrdinalIgnoreCase) && host.Length <= MaxLocalHostLength)
        {
            Span<char> lowered = stackalloc char[host.Length - LocalSuffix.Length];
            host[..^LocalSuffix.Length].ToLowerInvariant(lowered);
            var dot = lowered.LastIndexOf('.');
            var appName = dot < 0 ? lowered : lowered[(dot + 1)..];
            if (snapshot.TryGetApp(appName, out app))
            {
                if (dot < 0)
                {
                    part = app.App.Entry;
                    return part is null || app.HasPart(part);
                }

                part = app.PartNamed(lowered[..dot]);
                return part is not null;
            }
        }

        var apps = snapshot.Apps;
        for (var i = 0; i < apps.Count; i++)
        {
            if (apps[i].ServiceForDomain(host) is { } service)
            {
                app = apps[i];
                part = service;
                return true;
            }
        }

        if (apps.Count == 1)
        {
            app = apps[0];
            part = app.App.Entry;
            return true;
        }

        app = null!;
        return false;
    }

    /// <summary>The Host header's name without its port (IPv6 literals keep their brackets), without copying it.</summary>
    internal static ReadOnlySpan<char> HostName(HostString host)
    {
        var value = host.Value.AsSpan();
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            return close < 0 ? value : value[..(close + 1)];
        }

        var colon = value.IndexOf(':');
        // More than one colon is an IPv6 literal sent without brackets: no port can be told apart.
        return colon < 0 || colon != value.LastIndexOf(':') ? value : value[..colon];
    }
}
