using System.Text;

namespace Runway.Edge.Routing.Runtime;

/// <summary>Small URL operations the router needs per request, on raw (still encoded) strings.</summary>
internal static class RouteUrl
{
    /// <summary>An absolute http(s) URL: Vercel proxies a rewrite to it instead of serving a file.</summary>
    public static bool IsAbsolute(string destination) =>
        destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The URL without its fragment, which is never sent to a server.</summary>
    public static string WithoutFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? url : url[..hash];
    }

    /// <summary>Splits a destination into path and query (without <c>?</c>); the fragment is dropped, as servers never see it.</summary>
    public static (string Path, string Query) SplitPath(string destination)
    {
        var hash = destination.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            destination = destination[..hash];
        }

        var mark = destination.IndexOf('?', StringComparison.Ordinal);
        var path = mark < 0 ? destination : destination[..mark];
        var query = mark < 0 ? "" : destination[(mark + 1)..];
        return (path.StartsWith('/') ? path : "/" + path, query);
    }

    /// <summary>
    /// Vercel passes the request's query on: the destination's own parameters come first and win, then every request
    /// parameter whose name the destination does not set (<c>/?baz=10</c> → <c>/lol/?path=foo&amp;baz=10</c>).
    /// </summary>
    public static string MergeQuery(string destinationQuery, string requestQuery)
    {
        if (requestQuery.Length == 0)
        {
            return destinationQuery;
        }

        if (destinationQuery.Length == 0)
        {
            return requestQuery;
        }

        var builder = new StringBuilder(destinationQuery, destinationQuery.Length + requestQuery.Length + 1);
        foreach (var pair in requestQuery.Split('&'))
        {
            if (pair.Length > 0 && !HasKey(destinationQuery, KeyOf(pair)))
            {
                builder.Append('&').Append(pair);
            }
        }

        return builder.ToString();
    }

    /// <summary>A redirect's Location with the request's query merged in before any fragment.</summary>
    public static string WithQuery(string location, string requestQuery)
    {
        if (requestQuery.Length == 0)
        {
            return location;
        }

        var hash = location.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash < 0 ? "" : location[hash..];
        var beforeFragment = hash < 0 ? location : location[..hash];
        var mark = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var path = mark < 0 ? beforeFragment : beforeFragment[..mark];
        var query = MergeQuery(mark < 0 ? "" : beforeFragment[(mark + 1)..], requestQuery);
        return query.Length == 0 ? path + fragment : path + "?" + query + fragment;
    }

    private static ReadOnlySpan<char> KeyOf(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? pair : pair.AsSpan(0, equals);
    }

    private static bool HasKey(string query, ReadOnlySpan<char> key)
    {
        foreach (var range in query.AsSpan().Split('&'))
        {
            var pair = query.AsSpan(range);
            var equals = pair.IndexOf('=');
            if ((equals < 0 ? pair : pair[..equals]).SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }
}
