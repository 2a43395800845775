using System.Text;
using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.NodeCompat;

/// <summary>
/// Node's legacy <c>url.parse(value, true)</c> and <c>url.format(object)</c> (Node 20), the pair routing-utils uses to
/// split a destination into host, path, query and hash and put it back together. Kept faithful because the route table
/// Vercel builds depends on its quirks (lower-cased host names, <c>/</c> added after a bare host, escaped characters).
/// </summary>
internal sealed partial class LegacyUrl
{
    private static readonly HashSet<string> SlashedProtocols = ["http", "http:", "https", "https:", "ftp", "ftp:", "gopher", "gopher:", "file", "file:", "ws", "ws:", "wss", "wss:"];

    public string? Protocol { get; set; }

    public bool Slashes { get; set; }

    public string? Auth { get; set; }

    public string? Port { get; set; }

    public string? Hostname { get; set; }

    public string? Pathname { get; set; }

    public string? Hash { get; set; }

    public JsQuery Query { get; set; } = new();

    [GeneratedRegex(@"^(//?(?!/)[^?\s]*)(\?[^\s]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SimplePath();

    [GeneratedRegex("^[a-z0-9.+-]+:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProtocolPrefix();

    [GeneratedRegex("^//[^@/]+@[^@/]+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorityWithUser();

    /// <summary><c>url.parse(value, true)</c>; throws <see cref="JsUriException"/> where Node throws.</summary>
    public static LegacyUrl Parse(string url)
    {
        var result = new LegacyUrl();
        var (rest, hasHash, hasAt) = TrimAndConvertBackslashes(url);
        if (!hasHash && !hasAt && SimplePath().Match(rest) is { Success: true } simple)
        {
            result.Pathname = simple.Groups[1].Value;
            if (simple.Groups[2].Success && simple.Groups[2].Length > 0)
            {
                result.Query = JsQuery.Parse(simple.Groups[2].Value[1..]);
            }

            return result;
        }

        var protocolMatch = ProtocolPrefix().Match(rest);
        string? protocol = null;
        string? lowerProtocol = null;
        if (protocolMatch.Success)
        {
            protocol = protocolMatch.Value;
            lowerProtocol = protocol.ToLowerInvariant();
            result.Protocol = lowerProtocol;
            rest = rest[protocol.Length..];
        }

        var hostless = lowerProtocol is "javascript" or "javascript:";
        var slashes = false;
        if (protocol is not null || AuthorityWithUser().IsMatch(rest))
        {
            slashes = rest.StartsWith("//", StringComparison.Ordinal);
            if (slashes && !(protocol is not null && hostless))
            {
                rest = rest[2..];
                result.Slashes = true;
            }
        }

        if (!hostless && (slashes || (protocol is not null && !SlashedProtocols.Contains(protocol))))
        {
            rest = result.ParseAuthority(rest, url);
        }

        if (!hostless)
        {
            rest = AutoEscape(rest);
        }

        result.SplitPathQueryHash(rest, lowerProtocol);
        return result;
    }

    /// <summary><c>url.format</c> of this object (no <c>host</c>, <c>search</c> or <c>href</c>: built from hostname, port and query).</summary>
    public string Format()
    {
        var auth = string.IsNullOrEmpty(Auth) ? "" : JsUri.AuthEscape(Auth) + "@";
        var protocol = Protocol ?? "";
        var pathname = Pathname ?? "";
        var hash = Hash ?? "";
        var host = "";
        if (!string.IsNullOrEmpty(Hostname))
        {
            host = auth + (Hostname.Contains(':', StringComparison.Ordinal) && !IsIpv6(Hostname) ? "[" + Hostname + "]" : Hostname);
            if (!string.IsNullOrEmpty(Port))
            {
                host += ":" + Port;
            }
        }

        var query = Query.Stringify();
        var search = query.Length > 0 ? "?" + query : "";
        if (protocol.Length > 0 && !protocol.EndsWith(':'))
        {
            protocol += ":";
        }

        pathname = pathname.Replace("#", "%23", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal);
        if (Slashes || SlashedProtocols.Contains(protocol))
        {
            if (Slashes || host.Length > 0)
            {
                if (pathname.Length > 0 && pathname[0] != '/')
                {
                    pathname = "/" + pathname;
                }

                host = "//" + host;
            }
            else if (protocol.StartsWith("file", StringComparison.Ordinal))
            {
                host = "//";
            }
        }

        search = search.Replace("#", "%23", StringComparison.Ordinal);
        if (hash.Length > 0 && hash[0] != '#')
        {
            hash = "#" + hash;
        }

        return protocol + host + pathname + search + hash;
    }

    private static (string Text, bool HasHash, bool HasAt) TrimAndConvertBackslashes(string url)
    {
        static bool IsWhitespace(char c) => c < 33 || c == '\u00A0' || c == '\uFEFF';

        var start = 0;
        var end = url.Length;
        while (start < end && IsWhitespace(url[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(url[end - 1]))
        {
            end--;
        }

        var builder = new StringBuilder(end - start);
        bool hasHash = false, hasAt = false, split = false;
        for (var i = start; i < end; i++)
        {
            var c = url[i];
            if (!split)
            {
                hasAt |= c == '@';
                hasHash |= c == '#';
                split = c is '#' or '?';
                builder.Append(c == '\\' ? '/' : c);
                continue;
            }

            hasHash |= c == '#';
            builder.Append(c);
        }

        return (builder.ToString(), hasHash, hasAt);
    }

    private void SplitPathQueryHash(string rest, string? lowerProtocol)
    {
        var questionIndex = -1;
        var hashIndex = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '#')
            {
                Hash = rest[i..];
                hashIndex = i;
                break;
            }

            if (rest[i] == '?' && questionIndex == -1)
            {
                questionIndex = i;
            }
        }

        if (questionIndex != -1)
        {
            var queryEnd = hashIndex == -1 ? rest.Length : hashIndex;
            Query = JsQuery.Parse(rest[(questionIndex + 1)..queryEnd]);
        }

        var first = questionIndex != -1 && (hashIndex == -1 || questionIndex < hashIndex) ? questionIndex : hashIndex;
        if (first == -1)
        {
            Pathname = rest.Length > 0 ? rest : null;
        }
        else if (first > 0)
        {
            Pathname = rest[..first];
        }

        if (lowerProtocol is not null && SlashedProtocols.Contains(lowerProtocol) && !string.IsNullOrEmpty(Hostname) && string.IsNullOrEmpty(Pathname))
        {
            Pathname = "/";
        }
    }

    // Node escapes these characters in everything after the host, whatever the protocol allows.
    private static string AutoEscape(string rest)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < rest.Length; i++)
        {
            var escaped = rest[i] switch
            {
                '\t' => "%09",
                '\n' => "%0A",
                '\r' => "%0D",
                ' ' => "%20",
                '"' => "%22",
                '\'' => "%27",
                '<' => "%3C",
                '>' => "%3E",
                '\\' => "%5C",
                '^' => "%5E",
                '`' => "%60",
                '{' => "%7B",
                '|' => "%7C",
                '}' => "%7D",
                _ => null,
            };
            if (escaped is null)
            {
                builder?.Append(rest[i]);
                continue;
            }

            builder ??= new StringBuilder(rest, 0, i, rest.Length + 16);
            builder.Append(escaped);
        }

        return builder?.ToString() ?? rest;
    }

    private static bool IsIpv6(string hostname) => hostname.Length > 0 && hostname[0] == '[' && hostname[^1] == ']';

    public override string ToString() => Format();
}
