using System.Globalization;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Hosting;

/// <summary>A rewrite's absolute URL split into host, path and query without building a <see cref="Uri"/>, for the common
/// case where the URL is already in the form <see cref="Uri"/> would give back: a plain host name or address, an optional port,
/// and a path and query of characters that need no escaping or normalising. Anything else (user info, IPv6 literals,
/// percent-escapes, dot segments, spaces, non-ASCII) is left to <see cref="Uri"/>.</summary>
internal readonly ref struct ProxyTarget
{
    private ProxyTarget(ReadOnlySpan<char> host, PathString path, QueryString query)
    {
        Host = host;
        Path = path;
        Query = query;
    }

    public ReadOnlySpan<char> Host { get; }

    public PathString Path { get; }

    public QueryString Query { get; }

    public static bool TryParsePlain(string url, out ProxyTarget target)
    {
        target = default;
        var schemeLength = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8 : 0;
        if (schemeLength == 0)
        {
            return false;
        }

        var rest = url.AsSpan(schemeLength);
        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        if (host.Length == 0 || !IsPlainHost(host) || (colon >= 0 && !IsPort(authority[(colon + 1)..])))
        {
            return false;
        }

        var pathAndQuery = authorityEnd < 0 ? ReadOnlySpan<char>.Empty : rest[authorityEnd..];
        var mark = pathAndQuery.IndexOf('?');
        var path = mark < 0 ? pathAndQuery : pathAndQuery[..mark];
        var query = mark < 0 ? ReadOnlySpan<char>.Empty : pathAndQuery[(mark + 1)..];
        if ((path.Length > 0 && (path[0] != '/' || !PlainUriText.IsPlain(path) || PlainUriText.HasDotSegment(path)))
            || (mark >= 0 && (query.Length == 0 || !PlainUriText.IsPlain(query))))
        {
            return false;
        }

        target = new ProxyTarget(
            host,
            new PathString(path.Length == 0 ? "/" : path.ToString()),
            mark < 0 ? QueryString.Empty : new QueryString(pathAndQuery[mark..].ToString()));
        return true;
    }

    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return host[0] != '.' && host[^1] != '.';
    }

    /// <summary>Digits up to 65535 (<see cref="Uri"/> refuses larger ports); an empty port after ':' is left to <see cref="Uri"/>.</summary>
    private static bool IsPort(ReadOnlySpan<char> port) =>
        port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange('0', '9') && int.Parse(port, CultureInfo.InvariantCulture) <= 65535;
}
