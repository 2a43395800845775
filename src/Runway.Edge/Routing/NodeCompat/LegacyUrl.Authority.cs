using System.Globalization;
using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.NodeCompat;

/// <summary>Node's legacy parser, the authority part: auth, host name, port, and the checks Node 20 applies to them.</summary>
internal sealed partial class LegacyUrl
{
    [GeneratedRegex(":[0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PortSuffix();

    [GeneratedRegex(@"[\0\t\n\r #%/:<>?@[\\\]^|]", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenHostChars();

    [GeneratedRegex(@"[\0\t\n\r #%/<>?@\\^|]", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenIpv6HostChars();

    private string ParseAuthority(string rest, string url)
    {
        var hostEnd = -1;
        var atSign = -1;
        var nonHost = -1;
        for (var i = 0; i < rest.Length && hostEnd == -1; i++)
        {
            switch (rest[i])
            {
                case '\t' or '\n' or '\r':
                    rest = rest.Remove(i, 1);
                    i--;
                    break;
                case ' ' or '"' or '%' or '\'' or ';' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}':
                    nonHost = nonHost == -1 ? i : nonHost;
                    break;
                case '#' or '/' or '?':
                    nonHost = nonHost == -1 ? i : nonHost;
                    hostEnd = i;
                    break;
                case '@':
                    atSign = i;
                    nonHost = -1;
                    break;
            }
        }

        var start = 0;
        if (atSign != -1)
        {
            Auth = JsUri.TryDecodeComponent(rest[..atSign], out var auth) ? auth : throw new JsUriException("URI malformed");
            start = atSign + 1;
        }

        var host = nonHost == -1 ? rest[start..] : rest[start..nonHost];
        rest = nonHost == -1 ? "" : rest[nonHost..];
        var port = PortSuffix().Match(host);
        if (port.Success)
        {
            if (port.Value != ":")
            {
                Port = port.Value[1..];
            }

            host = host[..^port.Length];
        }

        Hostname = host;
        var ipv6 = IsIpv6(Hostname);
        if (!ipv6)
        {
            rest = CutInvalidHostname(rest);
        }

        Hostname = Hostname.Length > 255 ? "" : Hostname.ToLowerInvariant();
        if (Hostname.Length > 0)
        {
            var ascii = Hostname;
            if (ipv6 ? ForbiddenIpv6HostChars().IsMatch(Hostname) : !TryToAscii(Hostname, out ascii) || ForbiddenHostChars().IsMatch(ascii))
            {
                throw new JsUriException($"Invalid URL: {url}");
            }

            Hostname = ascii;
        }

        if (ipv6)
        {
            Hostname = Hostname[1..^1];
            rest = rest.StartsWith('/') ? rest : "/" + rest;
        }

        return rest;
    }

    // Node's getHostname: a '/', '\', '#', '?' or ':' inside the host name ends it; the remainder moves into the path.
    private string CutInvalidHostname(string rest)
    {
        var hostname = Hostname!;
        for (var i = 0; i < hostname.Length; i++)
        {
            if (hostname[i] is '/' or '\\' or '#' or '?' or ':')
            {
                Hostname = hostname[..i];
                return "/" + hostname[i..] + rest;
            }
        }

        return rest;
    }

    private static bool TryToAscii(string hostname, out string ascii)
    {
        ascii = hostname;
        if (hostname.All(char.IsAscii))
        {
            return true;
        }

        try
        {
            ascii = new IdnMapping().GetAscii(hostname);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
