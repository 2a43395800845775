using Runway.Model;

namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// A route table compiled once per site and shared by all requests: the routes split into Vercel's phases (before the
/// filesystem, after a filesystem miss, after a hit, after a <c>check</c> miss, on error), each with its regexes built.
/// </summary>
internal sealed class RouteTable
{
    private static readonly string[] SupportedPhases = ["filesystem", "hit", "miss", "error"];

    private RouteTable(ValueList<RouteEntry> routes, bool cleanUrls, Dictionary<string, CompiledRoute[]> phases, ValueList<Diagnostic> diagnostics)
    {
        Routes = routes;
        CleanUrls = cleanUrls;
        Main = phases.GetValueOrDefault("") ?? [];
        Filesystem = phases.GetValueOrDefault("filesystem") ?? [];
        Hit = phases.GetValueOrDefault("hit") ?? [];
        Miss = phases.GetValueOrDefault("miss") ?? [];
        Error = phases.GetValueOrDefault("error") ?? [];
        Diagnostics = diagnostics;
    }

    /// <summary>The table as Vercel would hold it.</summary>
    public ValueList<RouteEntry> Routes { get; }

    /// <summary>Whether the filesystem step serves <c>/about</c> from <c>about.html</c>.</summary>
    public bool CleanUrls { get; }

    public CompiledRoute[] Main { get; }

    public CompiledRoute[] Filesystem { get; }

    public CompiledRoute[] Hit { get; }

    public CompiledRoute[] Miss { get; }

    public CompiledRoute[] Error { get; }

    /// <summary>Routes that could not be compiled (skipped) and phases Runway does not run.</summary>
    public ValueList<Diagnostic> Diagnostics { get; }

    public static RouteTable Compile(ValueList<RouteEntry> routes, bool cleanUrls)
    {
        var phases = new Dictionary<string, List<CompiledRoute>>(StringComparer.Ordinal) { [""] = [] };
        var diagnostics = new List<Diagnostic>();
        var phase = "";
        foreach (var route in routes)
        {
            if (route.Handle is { } handle)
            {
                phase = handle;
                if (!SupportedPhases.Contains(handle))
                {
                    diagnostics.Add(Diagnostic.Warning(route.Location ?? new SourceLocation("vercel.json"),
                        $"handle \"{handle}\" is not supported; the routes after it are ignored (supported: filesystem, hit, miss, error)"));
                }

                phases.TryAdd(handle, []);
                continue;
            }

            var compiled = CompileRoute(route, diagnostics);
            if (compiled is not null && (phase.Length == 0 || SupportedPhases.Contains(phase)))
            {
                phases[phase].Add(compiled);
            }
        }

        return new RouteTable(routes, cleanUrls, phases.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), diagnostics.ToValueList());
    }

    private static CompiledRoute? CompileRoute(RouteEntry route, List<Diagnostic> diagnostics)
    {
        var location = route.Location ?? new SourceLocation("vercel.json");
        var source = JsRegex.TryCreate(route.Src ?? "", out var error);
        if (source is null)
        {
            diagnostics.Add(Diagnostic.Error(location, $"route src \"{route.Src}\" is not a valid regular expression ({error}); the route is skipped — fix the pattern"));
            return null;
        }

        var has = Conditions(route.Has, "has", location, diagnostics);
        var missing = Conditions(route.Missing, "missing", location, diagnostics);
        return has is null || missing is null ? null : new CompiledRoute(route, source, has, missing);
    }

    private static RouteCondition[]? Conditions(ValueList<VercelCondition> conditions, string field, SourceLocation location, List<Diagnostic> diagnostics)
    {
        var compiled = new RouteCondition[conditions.Count];
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = RouteCondition.TryCompile(conditions[i], out var error);
            if (condition is null)
            {
                diagnostics.Add(Diagnostic.Error(location,
                    $"{field}[{i}].value \"{conditions[i].Value}\" is not a valid regular expression ({error}); the route is skipped — fix the pattern"));
                return null;
            }

            compiled[i] = condition;
        }

        return compiled;
    }
}
