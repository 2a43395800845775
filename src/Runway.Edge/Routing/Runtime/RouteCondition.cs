using System.Text.RegularExpressions;
using Runway.Edge.Routing.NodeCompat;
using Runway.Model;

namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// A compiled <c>has</c>/<c>missing</c> item with the semantics of Vercel's <c>matchHas</c> (next.js prepare-destination):
/// an empty or absent value never matches; a value pattern must match the whole value; named groups, a key-only item's
/// value and (for host) the matched host become parameters.
/// </summary>
internal sealed class RouteCondition
{
    private readonly JsRegex? _value;

    private RouteCondition(VercelCondition condition, JsRegex? value)
    {
        Condition = condition;
        _value = value;
    }

    public VercelCondition Condition { get; }

    /// <summary>Compiles an item; null with the reason when its value is not a valid regex.</summary>
    public static RouteCondition? TryCompile(VercelCondition condition, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(condition.Value))
        {
            return new RouteCondition(condition, null);
        }

        // Vercel anchors the value: it must match the whole header, cookie, query value or host.
        var regex = JsRegex.TryCreate("^(?:" + condition.Value + ")$", out error);
        return regex is null ? null : new RouteCondition(condition, regex);
    }

    /// <summary>Whether the request has what this item describes; captures go to <paramref name="parameters"/> when given.</summary>
    public bool Matches(RouteRequest request, string query, ref RouteParameters? parameters, bool capture)
    {
        var value = Lookup(request, query);
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (_value is null)
        {
            if (capture && Condition.Key is { } key)
            {
                parameters ??= RouteParameters.Create();
                parameters.Set(key, value);
                var safe = string.Concat(key.Where(char.IsAsciiLetter));
                if (safe.Length > 0 && safe != key)
                {
                    parameters.Set(safe, value);
                }
            }

            return true;
        }

        if (!_value.TryMatch(value, out var match))
        {
            return false;
        }

        if (capture)
        {
            Capture(match, ref parameters);
        }

        return true;
    }

    private void Capture(Match match, ref RouteParameters? parameters)
    {
        var named = false;
        for (var i = 1; i < _value!.GroupNames.Count; i++)
        {
            if (_value.GroupNames[i] is { } name)
            {
                named = true;
                parameters ??= RouteParameters.Create();
                parameters.Set(name, match.Groups[i].Value);
            }
        }

        if (!named && Condition.Type == "host" && match.Value.Length > 0)
        {
            parameters ??= RouteParameters.Create();
            parameters.Set("host", match.Value);
        }
    }

    private string? Lookup(RouteRequest request, string query) => Condition.Type switch
    {
        "header" => request.Header(Condition.Key!),
        "cookie" => Cookie(request.Header("cookie"), Condition.Key!),
        "query" => QueryValue(query, Condition.Key!),
        "host" => HostName(request.Host),
        _ => null,
    };

    // The host without its port, lower-cased.
    private static string? HostName(string? host)
    {
        if (host is null)
        {
            return null;
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? host : host[..colon]).ToLowerInvariant();
    }

    // The `cookie` package's parse: ';'-separated pairs, trimmed, quotes removed, first occurrence wins, URI-decoded when valid.
    private static string? Cookie(string? header, string name)
    {
        if (header is null)
        {
            return null;
        }

        foreach (var range in header.AsSpan().Split(';'))
        {
            var pair = header.AsSpan(range);
            var equals = pair.IndexOf('=');
            if (equals < 0 || !pair[..equals].Trim().SequenceEqual(name))
            {
                continue;
            }

            var value = pair[(equals + 1)..].Trim();
            if (value.Length > 1 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            var text = value.ToString();
            return JsUri.TryDecodeComponent(text, out var decoded) ? decoded : text;
        }

        return null;
    }

    // Node's querystring: '+' is a space, keys and values are decoded, the last of repeated keys wins.
    private static string? QueryValue(string query, string key)
    {
        string? found = null;
        foreach (var range in query.AsSpan().Split('&'))
        {
            var pair = query.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var rawKey = equals < 0 ? pair : pair[..equals];
            if (!KeyEquals(rawKey, key))
            {
                continue;
            }

            found = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }

        return found;
    }

    private static bool KeyEquals(ReadOnlySpan<char> rawKey, string key) =>
        rawKey.IndexOfAny('%', '+') < 0 ? rawKey.SequenceEqual(key) : Decode(rawKey) == key;

    private static string Decode(ReadOnlySpan<char> raw) => JsUri.QueryUnescape(raw.ToString().Replace('+', ' '));
}
