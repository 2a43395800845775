using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.Runtime;

/// <summary>A route table entry made ready for requests: its regexes and templates are built once.</summary>
internal sealed class CompiledRoute
{
    public CompiledRoute(RouteEntry entry, JsRegex source, RouteCondition[] has, RouteCondition[] missing)
    {
        Entry = entry;
        Source = source;
        Has = has;
        Missing = missing;
        Destination = entry.Dest is null ? null : RouteTemplate.Parse(entry.Dest);
        Headers = entry.Headers.Select(h => (RouteTemplate.Parse(h.Key), RouteTemplate.Parse(h.Value))).ToArray();
        Methods = entry.Methods.Count == 0 ? null : [.. entry.Methods];
    }

    public RouteEntry Entry { get; }

    public JsRegex Source { get; }

    public RouteCondition[] Has { get; }

    public RouteCondition[] Missing { get; }

    public RouteTemplate? Destination { get; }

    public (RouteTemplate Key, RouteTemplate Value)[] Headers { get; }

    public string[]? Methods { get; }

    /// <summary>
    /// Matches the path, method and conditions; the source match and has captures on success. A regex that runs past
    /// its timeout counts as no match.
    /// </summary>
    public bool TryMatch(RouteRequest request, string path, string query, out Match match, out RouteParameters parameters)
    {
        parameters = RouteParameters.None;
        match = Match.Empty;
        if (Methods is not null && Array.IndexOf(Methods, request.Method) < 0)
        {
            return false;
        }

        try
        {
            match = Source.Regex.Match(path);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }

        if (!match.Success)
        {
            return false;
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

    public string Fill(RouteTemplate template, Match match, RouteParameters parameters) => template.Fill(match, Source.GroupNames, parameters);
}
