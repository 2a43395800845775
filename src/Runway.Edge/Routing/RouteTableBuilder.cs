using Runway.Edge.Routing.NodeCompat;
using Runway.Edge.Routing.PathToRegexp;
using Runway.Model;

namespace Runway.Edge.Routing;

/// <summary>Vercel's route table for a site, and what was wrong with the rules that could not be part of it.</summary>
internal sealed record RouteTableBuild(ValueList<RouteEntry> Routes, ValueList<Diagnostic> Diagnostics);

/// <summary>
/// vercel.json's routing sections → Vercel's ordered route table, as routing-utils' <c>getTransformedRoutes</c> builds it:
/// cleanUrls redirects, trailingSlash redirects, legacy <c>routes</c>, <c>redirects</c>, <c>headers</c> (continue),
/// <c>{ handle: "filesystem" }</c>, <c>rewrites</c> (check). A rule Vercel would refuse is left out with an error
/// diagnostic at the rule; Vercel refuses the whole deployment in that case.
/// </summary>
internal static class RouteTableBuilder
{
    public static RouteTableBuild Build(VercelRouting routing)
    {
        var routes = new List<RouteEntry>();
        var diagnostics = new List<Diagnostic>();
        routes.AddRange(CleanUrlRedirects(routing.CleanUrls, routing.TrailingSlash));
        if (routing.TrailingSlash is { } trailingSlash)
        {
            routes.AddRange(TrailingSlashRedirects(trailingSlash));
        }

        routes.AddRange(routing.Routes.Select(Legacy));
        for (var i = 0; i < routing.Redirects.Count; i++)
        {
            var rule = routing.Redirects[i];
            var route = Convert($"redirects[{i}]", rule.Source, rule.Destination, rule.Has, rule.Missing, rule.Location, diagnostics, (pattern, has) =>
                new RouteEntry { Headers = [new("Location", DestinationCompiler.Replace(pattern.Segments, has, rule.Destination, isRedirect: true))], Status = rule.StatusCode });
            AddIfValid(routes, route);
        }

        for (var i = 0; i < routing.Headers.Count; i++)
        {
            var rule = routing.Headers[i];
            var route = Convert($"headers[{i}]", rule.Source, null, rule.Has, rule.Missing, rule.Location, diagnostics, (pattern, has) =>
                new RouteEntry { Headers = HeaderRule(rule, pattern, has), Continue = true });
            AddIfValid(routes, route);
        }

        if (!routing.Rewrites.IsEmpty)
        {
            routes.Add(RouteEntry.Phase("filesystem"));
        }

        for (var i = 0; i < routing.Rewrites.Count; i++)
        {
            var rule = routing.Rewrites[i];
            var route = Convert($"rewrites[{i}]", rule.Source, rule.Destination, rule.Has, rule.Missing, rule.Location, diagnostics, (pattern, has) =>
                new RouteEntry { Dest = DestinationCompiler.Replace(pattern.Segments, has, rule.Destination, isRedirect: false), Check = true, Status = rule.StatusCode });
            AddIfValid(routes, route);
        }

        return new RouteTableBuild(routes.ToValueList(), diagnostics.ToValueList());
    }

    /// <summary>routing-utils' <c>convertCleanUrls</c>: <c>/x/index(.html)</c> and <c>/x.html</c> redirect (308) to the clean URL.</summary>
    public static IEnumerable<RouteEntry> CleanUrlRedirects(bool cleanUrls, bool? trailingSlash)
    {
        if (!cleanUrls)
        {
            return [];
        }

        var location = trailingSlash == true ? "/$1/" : "/$1";
        return
        [
            new RouteEntry { Src = @"^/(?:(.+)/)?index(?:\.html)?/?$", Headers = [new("Location", location)], Status = 308 },
            new RouteEntry { Src = @"^/(.*)\.html/?$", Headers = [new("Location", location)], Status = 308 },
        ];
    }

    /// <summary>
    /// routing-utils' <c>convertTrailingSlash</c>: when true, <c>/.well-known</c> is left alone, a last segment without a
    /// dot gains a slash and a dotted one loses it; when false, a trailing slash is removed (<c>^/(.*)\/$</c>, which
    /// normalizeRoutes stores as <c>^/(.*)/$</c>). All 308.
    /// </summary>
    public static IEnumerable<RouteEntry> TrailingSlashRedirects(bool trailingSlash) => trailingSlash
        ?
        [
            new RouteEntry { Src = "^/\\.well-known(?:/.*)?$" },
            new RouteEntry { Src = @"^/((?:[^/]+/)*[^/\.]+)$", Headers = [new("Location", "/$1/")], Status = 308 },
            new RouteEntry { Src = @"^/((?:[^/]+/)*[^/]+\.\w+)/$", Headers = [new("Location", "/$1")], Status = 308 },
        ]
        : [new RouteEntry { Src = "^/(.*)/$", Headers = [new("Location", "/$1")], Status = 308 }];

    private static RouteEntry Legacy(VercelRoute route) => route.Handle is { } handle
        ? RouteEntry.Phase(handle) with { Location = route.Location }
        : new RouteEntry
        {
            Src = route.Source,
            Dest = route.Destination,
            Headers = RouteEntry.HeaderObject(route.Headers),
            Status = route.Status,
            Continue = route.Continue,
            Check = route.Check,
            Methods = route.Methods,
            Has = route.Has,
            Missing = route.Missing,
            Location = route.Location,
        };

    private static ValueList<KeyValuePair<string, string>> HeaderRule(VercelHeaderRule rule, PathPattern pattern, List<string> has) =>
        RouteEntry.HeaderObject(rule.Headers.Select(h => new KeyValuePair<string, string>(
            DestinationCompiler.HeaderText(h.Key, pattern.Segments, has),
            DestinationCompiler.HeaderText(h.Value, pattern.Segments, has))));

    private static RouteEntry? Convert(
        string rulePath,
        string source,
        string? destination,
        ValueList<VercelCondition> has,
        ValueList<VercelCondition> missing,
        SourceLocation location,
        List<Diagnostic> diagnostics,
        Func<PathPattern, List<string>, RouteEntry> create)
    {
        var errors = diagnostics.Count;
        if (JsRegex.TryCreate(source, out var regexError) is null)
        {
            diagnostics.Add(Diagnostic.Error(location,
                $"{rulePath}.source \"{source}\" is not a valid regular expression ({regexError}); fix its parentheses and escapes"));
            return null;
        }

        var pattern = PathPattern.TryCompile(source, out var patternError);
        if (pattern is null)
        {
            diagnostics.Add(Diagnostic.Error(location,
                $"{rulePath}.source \"{source}\" is not a valid path pattern ({patternError}); use path-to-regexp syntax such as /blog/:slug or /docs/(.*)"));
            return null;
        }

        var hasSegments = DestinationCompiler.HasSegments(has);
        CheckConditions(rulePath, "has", has, location, diagnostics);
        CheckConditions(rulePath, "missing", missing, location, diagnostics);
        if (destination is not null)
        {
            var unknown = DestinationCompiler.UsedSegments(destination).FirstOrDefault(s => !pattern.Segments.Contains(s) && !hasSegments.Contains(s));
            if (unknown is not null)
            {
                diagnostics.Add(Diagnostic.Error(location,
                    $"{rulePath}.destination uses \":{Display(unknown)}\", which neither the source nor has defines; add it to the source or remove it from the destination"));
            }
        }

        if (diagnostics.Count > errors)
        {
            return null;
        }

        try
        {
            return create(pattern, hasSegments) with
            {
                Src = pattern.RegexSource.Replace("\\/", "/", StringComparison.Ordinal),
                Has = LowerHeaderKeys(has),
                Missing = LowerHeaderKeys(missing),
                Location = location,
            };
        }
        catch (Exception exception) when (exception is DestinationException or JsUriException)
        {
            diagnostics.Add(Diagnostic.Error(location, $"{rulePath} cannot be converted to a route: {exception.Message}; check the destination's parameters"));
            return null;
        }
    }

    private static void CheckConditions(string rulePath, string field, ValueList<VercelCondition> conditions, SourceLocation location, List<Diagnostic> diagnostics)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Value is { Length: > 0 } value && JsRegex.TryCreate(value, out var error) is null)
            {
                diagnostics.Add(Diagnostic.Error(location, $"{rulePath}.{field}[{i}].value \"{value}\" is not a valid regular expression ({error}); fix the pattern"));
            }
        }
    }

    // routing-utils' normalizeHasKeys: header names are compared in lower case.
    private static ValueList<VercelCondition> LowerHeaderKeys(ValueList<VercelCondition> conditions) =>
        conditions.Select(c => c.Type == "header" && c.Key is not null ? c with { Key = c.Key.ToLowerInvariant() } : c).ToValueList();

    private static string Display(string segment) => segment == PathPattern.UnnamedSegment ? "(unnamed group)" : segment;

    private static void AddIfValid(List<RouteEntry> routes, RouteEntry? route)
    {
        if (route is not null)
        {
            routes.Add(route);
        }
    }
}
