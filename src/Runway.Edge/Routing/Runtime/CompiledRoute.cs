namespace Runway.Edge.Routing.Runtime;

/// <summary>A route table entry made ready for requests: its regexes and templates are built once.</summary>
internal sealed class CompiledRoute
{
    public CompiledRoute(RouteEntry entry, JsRegex source, RouteCondition[] has, RouteCondition[] missing)
    {
        Entry = entry;
        Source = source;
        Prefix = PrefixSource.TryCreate(source);
        Has = has;
        Missing = missing;
        Destination = entry.Dest is null ? null : RouteTemplate.Parse(entry.Dest);
        Headers = entry.Headers.Select(h => (RouteTemplate.Parse(h.Key), RouteTemplate.Parse(h.Value))).ToArray();
        Methods = entry.Methods.Count == 0 ? null : [.. entry.Methods];
    }

    public RouteEntry Entry { get; }

    public JsRegex Source { get; }

    /// <summary>The source as a literal prefix, when it is one: matched without the regex.</summary>
    public PrefixSource? Prefix { get; }

    public RouteCondition[] Has { get; }

    public RouteCondition[] Missing { get; }

    public RouteTemplate? Destination { get; }

    public (RouteTemplate Key, RouteTemplate Value)[] Headers { get; }

    public string[]? Methods { get; }

    /// <summary>
    /// Matches the path, method and conditions; the source match and has captures on success. A regex that runs past
    /// its timeout counts as no match.
    /// </summary>
    public bool TryMatch(RouteRequest request, string path, string query, out SourceMatch match, out RouteParameters parameters)
    {
        parameters = RouteParameters.None;
        match = default;
        if (Methods is not null && Array.IndexOf(Methods, request.Method) < 0)
        {
            return false;
        }

        if (Prefix is not null)
        {
            if (!Prefix.TryMatch(path, out match))
            {
                return false;
            }
        }
        else
        {
            if (!Source.TryMatch(path, out var regexMatch))
            {
                return false;
            }

            match = new SourceMatch(regexMatch);
        }

        RouteParameters? captured = null;
        foreach (var condition in Has)
        {
            if (!condition.Matches(request, query, ref captured, capture: true))
            {
                return false;
            }
        }

        RouteParameters? ignored = null;
        foreach (var condition in Missing)
        {
            if (condition.Matches(request, query, ref ignored, capture: false))
            {
                return false;
            }
        }

        parameters = captured ?? RouteParameters.None;
        return true;
    }

    public string Fill(RouteTemplate template, in SourceMatch match, RouteParameters parameters) => template.Fill(match, Source.GroupNames, parameters);
}
