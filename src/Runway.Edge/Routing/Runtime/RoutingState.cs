namespace Runway.Edge.Routing.Runtime;

/// <summary>One request's progress through the route table: the current path and query, the status and headers set so far.</summary>
internal sealed class RoutingState
{
    private List<KeyValuePair<string, string>>? _headers;

    public RoutingState(string path, string query)
    {
        Path = path;
        Query = query;
    }

    public string Path { get; private set; }

    public string Query { get; private set; }

    public int? Status { get; set; }

    /// <summary>Whether a destination replaced the request's path.</summary>
    public bool Rewritten { get; private set; }

    /// <summary>The last path the filesystem did not have, so it is not asked twice.</summary>
    public string? MissedPath { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>>? Headers => _headers;

    /// <summary>Moves to a local destination: its path, its query merged with the current one (the destination's wins).</summary>
    public void Rewrite(string destination)
    {
        var (path, query) = RouteUrl.SplitPath(destination);
        Path = path;
        Query = RouteUrl.MergeQuery(query, Query);
        Rewritten = true;
    }

    /// <summary>Sets a response header (names compare case-insensitively); with <paramref name="overwrite"/> false an existing one is kept.</summary>
    public void SetHeader(string name, string value, bool overwrite)
    {
        _headers ??= [];
        var index = _headers.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            _headers.Add(new(name, value));
        }
        else if (overwrite)
        {
            _headers[index] = new(name, value);
        }
    }

    public string? Header(string name)
    {
        var index = _headers?.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? -1;
        return index < 0 ? null : _headers![index].Value;
    }

    /// <summary>The headers without one name (a redirect's Location travels separately).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? HeadersWithout(string name)
    {
        if (_headers is null || !_headers.Exists(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            return _headers;
        }

        return _headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public RoutingState Clone() => new(Path, Query)
    {
        Status = Status,
        Rewritten = Rewritten,
        MissedPath = MissedPath,
        _headers = _headers is null ? null : [.. _headers],
    };
}
