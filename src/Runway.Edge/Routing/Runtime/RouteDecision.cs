namespace Runway.Edge.Routing.Runtime;

internal enum RouteDecisionKind
{
    /// <summary>Respond with <see cref="RouteDecision.Status"/> and <c>Location: </c><see cref="RouteDecision.Target"/>.</summary>
    Redirect,

    /// <summary>A rule rewrote the request to a local file: serve <see cref="RouteDecision.Target"/> (the file's path).</summary>
    Rewrite,

    /// <summary>Forward the request to the absolute URL <see cref="RouteDecision.Target"/> (query included).</summary>
    Proxy,

    /// <summary>The requested path is a file: serve <see cref="RouteDecision.Target"/> (e.g. <c>/about.html</c> for <c>/about</c>).</summary>
    ServeFile,

    /// <summary>Nothing to serve: respond with the status (404 unless a rule set another), with <c>404.html</c> when it exists.</summary>
    NotFound,
}

/// <summary>
/// What the edge does with one request. <see cref="Status"/> is the status a rule set (null: the natural one — 200 for
/// files, the upstream's for a proxy, 404 for not found); <see cref="Headers"/> are the response headers that header
/// rules and matched routes added, in the order they were set.
/// </summary>
internal sealed class RouteDecision
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoHeaders = [];

    private RouteDecision(RouteDecisionKind kind, string? target, string query, int? status, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        Kind = kind;
        Target = target;
        Query = query;
        Status = status;
        Headers = headers ?? NoHeaders;
    }

    public RouteDecisionKind Kind { get; }

    /// <summary>The Location (redirect), the URL (proxy), or the site-relative file path to serve (decoded, starting with <c>/</c>).</summary>
    public string? Target { get; }

    /// <summary>The query the target sees (rewrites merge the destination's query with the request's), without <c>?</c>.</summary>
    public string Query { get; }

    public int? Status { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The status to send: the rule's, or the natural one for the kind.</summary>
    public int StatusCode => Status ?? (Kind == RouteDecisionKind.NotFound ? 404 : 200);

    public static RouteDecision Redirect(int status, string location, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(RouteDecisionKind.Redirect, location, "", status, headers);

    public static RouteDecision Rewrite(string file, string query, int? status, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(RouteDecisionKind.Rewrite, file, query, status, headers);

    public static RouteDecision Proxy(string url, int? status, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(RouteDecisionKind.Proxy, url, "", status, headers);

    public static RouteDecision ServeFile(string file, string query, int? status, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(RouteDecisionKind.ServeFile, file, query, status, headers);

    public static RouteDecision NotFound(int? status, IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        new(RouteDecisionKind.NotFound, null, "", status, headers);

    public override string ToString() => $"{Kind} {StatusCode} {Target}{(Query.Length > 0 ? "?" + Query : "")}";
}
