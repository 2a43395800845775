using System.Text;
using System.Text.RegularExpressions;
using Runway.Edge.Routing.NodeCompat;
using Runway.Edge.Routing.PathToRegexp;
using Runway.Model;

namespace Runway.Edge.Routing;

/// <summary>Thrown inside the builder where routing-utils throws while rewriting a destination; reported as a diagnostic.</summary>
internal sealed class DestinationException(string message) : Exception(message);

/// <summary>
/// Turns a redirect/rewrite destination or a header rule's key and value into the route table's form, as routing-utils'
/// <c>replaceSegments</c> and <c>safelyCompile</c> do: <c>:name</c> becomes <c>$1</c> (its group number) or <c>$name</c>
/// (a <c>has</c> capture), and a rewrite whose destination path, host and hash use none of the parameters gets them
/// appended to its query.
/// </summary>
internal static partial class DestinationCompiler
{
    private const string EscapedColon = "__ESC_COLON_";

    [GeneratedRegex(@"\(\?<([a-zA-Z][a-zA-Z0-9_]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex NamedGroup();

    [GeneratedRegex("__ESC_COLON_", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EscapedColonMarker();

    /// <summary>routing-utils' <c>collectHasSegments</c>: keys of value-less items, named groups in values, and "host".</summary>
    public static List<string> HasSegments(IEnumerable<VercelCondition> has)
    {
        var segments = new List<string>();
        void Add(string name)
        {
            if (!segments.Contains(name))
            {
                segments.Add(name);
            }
        }

        foreach (var item in has)
        {
            if (string.IsNullOrEmpty(item.Value) && item.Key is not null)
            {
                Add(item.Key);
            }

            if (!string.IsNullOrEmpty(item.Value))
            {
                foreach (Match match in NamedGroup().Matches(item.Value))
                {
                    Add(match.Groups[1].Value);
                }

                if (item.Type == "host")
                {
                    Add("host");
                }
            }
        }

        return segments;
    }

    /// <summary>Parameter name → its reference in the route table (<c>$1</c>..., then <c>$name</c> for has captures), in JavaScript key order.</summary>
    public static Dictionary<string, string> Indexes(IReadOnlyList<string> segments, IReadOnlyList<string> hasSegments)
    {
        var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            indexes[segments[i]] = "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var name in hasSegments)
        {
            indexes[name] = "$" + name;
        }

        return indexes;
    }

    /// <summary>routing-utils' <c>replaceSegments</c> for a redirect Location or a rewrite destination.</summary>
    public static string Replace(IReadOnlyList<string> segments, IReadOnlyList<string> hasSegments, string destination, bool isRedirect)
    {
        var named = segments.Any(s => s != PathPattern.UnnamedSegment);
        if (!((destination.Contains(':', StringComparison.Ordinal) && named) || hasSegments.Count > 0 || !isRedirect))
        {
            return destination;
        }

        var escaped = destination;
        foreach (var name in segments.Concat(hasSegments))
        {
            escaped = escaped.Replace(":" + name, EscapedColon + name, StringComparison.Ordinal);
        }

        var indexes = Indexes(segments, hasSegments);
        var url = LegacyUrl.Parse(escaped);
        var pathname = Unescape(url.Pathname ?? "");
        var hash = Unescape(url.Hash ?? "");
        var hostname = Unescape(url.Hostname ?? "");
        var destinationParameters = DestinationParameters(pathname, hash, hostname);

        url.Pathname = SafelyCompile(pathname, indexes, attemptDirect: true);
        url.Hash = hash.Length > 0 ? SafelyCompile(hash, indexes, attemptDirect: true) : null;
        url.Hostname = hostname.Length > 0 ? SafelyCompile(hostname, indexes, attemptDirect: true) : null;
        foreach (var (key, values, isArray) in url.Query.Entries.ToList())
        {
            url.Query.Replace(key, values.Select(v => SafelyCompile(Unescape(v), indexes, attemptDirect: true)).ToList(), isArray);
        }

        // Vercel (rewrites only): when no parameter appears in the destination's path, host or hash, all of them go to the query.
        if (!isRedirect && !indexes.Keys.Any(destinationParameters.Contains))
        {
            foreach (var (name, reference) in indexes)
            {
                if (!url.Query.Contains(name) && name != PathPattern.UnnamedSegment)
                {
                    url.Query.Set(name, reference);
                }
            }
        }

        return url.Format().Replace("%24", "$", StringComparison.Ordinal);
    }

    /// <summary>routing-utils' <c>convertHeaders</c> substitution for one header key or value.</summary>
    public static string HeaderText(string text, IReadOnlyList<string> segments, IReadOnlyList<string> hasSegments)
    {
        var named = segments.Any(s => s != PathPattern.UnnamedSegment);
        return (named || hasSegments.Count > 0) && text.Contains(':', StringComparison.Ordinal)
            ? SafelyCompile(text, Indexes(segments, hasSegments), attemptDirect: false)
            : text;
    }

    /// <summary>
    /// routing-utils' <c>safelyCompile</c>: path-to-regexp's compile when it works, otherwise every known <c>:name</c>
    /// (with its modifier) is kept and everything else path-to-regexp would read as syntax is escaped first.
    /// </summary>
    public static string SafelyCompile(string value, IReadOnlyDictionary<string, string> indexes, bool attemptDirect)
    {
        if (value.Length == 0)
        {
            return value;
        }

        if (attemptDirect && PathTemplate.TryFill(value, indexes) is { } direct)
        {
            return direct;
        }

        foreach (var key in indexes.Keys)
        {
            if (!value.Contains(":" + key, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Regex.Escape(key);
            value = Regex.Replace(value, $@":{name}\*", $":{key}--ESCAPED_PARAM_ASTERISK", RegexOptions.CultureInvariant);
            value = Regex.Replace(value, $@":{name}\?", $":{key}--ESCAPED_PARAM_QUESTION", RegexOptions.CultureInvariant);
            value = Regex.Replace(value, $@":{name}\+", $":{key}--ESCAPED_PARAM_PLUS", RegexOptions.CultureInvariant);
            value = Regex.Replace(value, $@":{name}(?![a-zA-Z0-9_])", $"--ESCAPED_PARAM_COLON{key}", RegexOptions.CultureInvariant);
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is ':' or '*' or '?' or '+' or '(' or ')' or '{' or '}')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        value = escaped.ToString()
            .Replace("--ESCAPED_PARAM_PLUS", "+", StringComparison.Ordinal)
            .Replace("--ESCAPED_PARAM_COLON", ":", StringComparison.Ordinal)
            .Replace("--ESCAPED_PARAM_QUESTION", "?", StringComparison.Ordinal)
            .Replace("--ESCAPED_PARAM_ASTERISK", "*", StringComparison.Ordinal);
        var filled = PathTemplate.TryFill("/" + value, indexes)
            ?? throw new DestinationException($"\"{value}\" cannot be filled with the source's parameters");
        return filled[1..];
    }

    /// <summary>
    /// routing-utils' <c>checkPatternSyntax</c> for destinations: the <c>:name</c> parameters a destination's host, path and
    /// query values use (each must exist in the source or the has conditions).
    /// </summary>
    public static List<string> UsedSegments(string destination)
    {
        var used = new List<string>();
        try
        {
            var url = LegacyUrl.Parse(destination);
            var parts = new List<string> { url.Hostname ?? "", url.Pathname ?? "" };
            parts.AddRange(url.Query.Entries.Select(e => e.Values.FirstOrDefault() ?? ""));
            foreach (var part in parts)
            {
                var pattern = PathPattern.TryCompile(part, out _);
                if (pattern is null)
                {
                    break;
                }

                used.AddRange(pattern.Segments);
            }
        }
        catch (JsUriException)
        {
            // routing-utils ignores destinations it cannot parse here; building the route reports them.
        }

        return used;
    }

    private static HashSet<string> DestinationParameters(string pathname, string hash, string hostname)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in (string[])[pathname, hash, hostname])
        {
            var keys = PathTemplate.NamedKeys(part);
            if (keys is null)
            {
                break;
            }

            names.UnionWith(keys);
        }

        return names;
    }

    private static string Unescape(string value) => EscapedColonMarker().Replace(value, ":");
}
