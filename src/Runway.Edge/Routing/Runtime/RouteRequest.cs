using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// What the router looks at: the method, the path as the client sent it (still percent-encoded, as Vercel matches it),
/// the raw query string without <c>?</c>, the Host, and the request headers (cookies are read from <c>Cookie</c>).
/// </summary>
internal sealed class RouteRequest
{
    public RouteRequest(string method, string path, string query, string? host, IHeaderDictionary headers)
    {
        Method = method;
        Path = path.Length == 0 ? "/" : path;
        Query = query.StartsWith('?') ? query[1..] : query;
        Host = host;
        Headers = headers;
    }

    public string Method { get; }

    public string Path { get; }

    public string Query { get; }

    public string? Host { get; }

    public IHeaderDictionary Headers { get; }

    /// <summary>The request as Kestrel received it: the raw target keeps <c>%2F</c> and other escapes as sent.</summary>
    public static RouteRequest From(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string path, query;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            var mark = raw.IndexOf('?', StringComparison.Ordinal);
            path = mark < 0 ? raw : raw[..mark];
            query = mark < 0 ? "" : raw[(mark + 1)..];
        }
        else
        {
            path = (request.PathBase + request.Path).ToUriComponent();
            query = request.QueryString.Value ?? "";
        }

        return new RouteRequest(request.Method, path, query, request.Host.HasValue ? request.Host.Value : null, request.Headers);
    }

    /// <summary>A header as Node presents it: repeated values joined with ", " (cookies with "; "); null when absent.</summary>
    public string? Header(string name)
    {
        if (!Headers.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : string.Join(name.Equals("cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ", values.ToArray());
    }
}
