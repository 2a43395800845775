using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// Runs a site's compiled route table for one request, in Vercel's phases: the routes before the filesystem (redirects,
/// header rules, legacy routes), the filesystem (an existing file wins), the routes after a filesystem miss (rewrites,
/// each checked against the filesystem), then the error routes; nothing found is a 404. Thread-safe: the table is
/// immutable and each call keeps its own state.
/// </summary>
internal sealed class Router
{
    private enum Phase
    {
        Main,
        Filesystem,
        Hit,
        Miss,
        Error,
    }

    private readonly record struct PhaseOutcome(RouteDecision? Decision, CompiledRoute? EndedBy);

    public Router(RouteTable table) => Table = table;

    public RouteTable Table { get; }

    /// <summary>Decides what to do with a request; <paramref name="fileExists"/> answers whether a site-relative file exists.</summary>
    public RouteDecision Route(RouteRequest request, Func<string, bool> fileExists)
    {
        var state = new RoutingState(request.Path, request.Query);
        var outcome = RunPhase(Table.Main, state, Phase.Main, request, fileExists);
        if ((outcome.Decision ?? RedirectFromStatus(state)) is { } decided)
        {
            return decided;
        }

        if (Lookup(state, fileExists) is { } file)
        {
            return Serve(file, state, request, fileExists);
        }

        // Vercel's exit_with_status: a status set without a destination ends routing when no file answers.
        if (state.Status is not null && outcome.EndedBy?.Entry.Dest is null)
        {
            return RouteDecision.NotFound(state.Status, state.Headers);
        }

        outcome = RunPhase(Table.Filesystem, state, Phase.Filesystem, request, fileExists);
        if ((outcome.Decision ?? RedirectFromStatus(state)) is { } rewritten)
        {
            return rewritten;
        }

        if (Lookup(state, fileExists) is { } target)
        {
            return Serve(target, state, request, fileExists);
        }

        return Table.Error.Length > 0 ? RunErrorPhase(state, request, fileExists) : RouteDecision.NotFound(state.Status, state.Headers);
    }

    private RouteDecision RunErrorPhase(RoutingState state, RouteRequest request, Func<string, bool> fileExists)
    {
        var outcome = RunPhase(Table.Error, state, Phase.Error, request, fileExists);
        if (outcome.Decision is { } decided)
        {
            return decided;
        }

        if (outcome.EndedBy?.Entry.Dest is not null && Lookup(state, fileExists) is { } file)
        {
            return Serve(file, state, request, fileExists);
        }

        return RouteDecision.NotFound(state.Status, state.Headers);
    }

    private PhaseOutcome RunPhase(CompiledRoute[] routes, RoutingState state, Phase phase, RouteRequest request, Func<string, bool> fileExists)
    {
        foreach (var route in routes)
        {
            if (!route.TryMatch(request, state.Path, state.Query, out var match, out var parameters))
            {
                continue;
            }

            ApplyHeaders(route, match, parameters, state, overwrite: phase is not (Phase.Hit or Phase.Miss));
            var destination = route.Destination is null ? null : route.Fill(route.Destination, match, parameters);
            var entry = route.Entry;
            if (entry.Continue)
            {
                state.Status = entry.Status ?? state.Status;
                if (destination is not null)
                {
                    state.Rewrite(destination);
                }

                continue;
            }

            var status = entry.Status ?? state.Status;
            if (status is >= 300 and <= 399 && (state.Header("Location") ?? destination) is { } location)
            {
                return new(RouteDecision.Redirect(status.Value, RouteUrl.WithQuery(location, state.Query), state.HeadersWithout("Location")), route);
            }

            // A destination that is an absolute URL is proxied, with the request's query passed on.
            if (destination is not null && RouteUrl.IsAbsolute(destination))
            {
                return new(RouteDecision.Proxy(RouteUrl.WithoutFragment(RouteUrl.WithQuery(destination, state.Query)), status, state.Headers), route);
            }

            if (destination is not null)
            {
                state.Rewrite(destination);
            }

            state.Status = status;
            if (!entry.Check || phase == Phase.Hit)
            {
                return new(null, route);
            }

            // check: true — the destination must exist; otherwise routing goes on with the rewritten path.
            if (Lookup(state, fileExists) is { } file)
            {
                return new(Serve(file, state, request, fileExists), route);
            }

            if (phase != Phase.Miss && Table.Miss.Length > 0 && RunMissPhase(state, request, fileExists) is { } missed)
            {
                return new(missed, route);
            }
        }

        return new(null, null);
    }

    // The routes after `handle: miss` run on a copy: if none of them ends routing, their changes are forgotten.
    private RouteDecision? RunMissPhase(RoutingState state, RouteRequest request, Func<string, bool> fileExists)
    {
        var missState = state.Clone();
        var outcome = RunPhase(Table.Miss, missState, Phase.Miss, request, fileExists);
        if (outcome.Decision is not null || outcome.EndedBy is null)
        {
            return outcome.Decision;
        }

        return Lookup(missState, fileExists) is { } file
            ? Serve(file, missState, request, fileExists)
            : RouteDecision.NotFound(missState.Status, missState.Headers);
    }

    private RouteDecision Serve(string file, RoutingState state, RouteRequest request, Func<string, bool> fileExists)
    {
        if (Table.Hit.Length > 0)
        {
            RunPhase(Table.Hit, state, Phase.Hit, request, fileExists);
        }

        return state.Rewritten
            ? RouteDecision.Rewrite(file, state.Query, state.Status, state.Headers)
            : RouteDecision.ServeFile(file, state.Query, state.Status, state.Headers);
    }

    private string? Lookup(RoutingState state, Func<string, bool> fileExists)
    {
        if (state.MissedPath == state.Path)
        {
            return null;
        }

        var file = SiteFileLookup.Find(state.Path, Table.CleanUrls, fileExists);
        state.MissedPath = file is null ? state.Path : null;
        return file;
    }

    // A `continue` route may set a 3xx status and a Location that no later route replaced.
    private static RouteDecision? RedirectFromStatus(RoutingState state) =>
        state.Status is >= 300 and <= 399 && state.Header("Location") is { } location
            ? RouteDecision.Redirect(state.Status.Value, RouteUrl.WithQuery(location, state.Query), state.HeadersWithout("Location"))
            : null;

    private static void ApplyHeaders(CompiledRoute route, in SourceMatch match, RouteParameters parameters, RoutingState state, bool overwrite)
    {
        foreach (var (key, value) in route.Headers)
        {
            state.SetHeader(route.Fill(key, match, parameters), route.Fill(value, match, parameters), overwrite);
        }
    }
}
