using System.Text;

namespace Runway.Edge.Routing.PathToRegexp;

/// <summary>
/// A vercel.json <c>source</c> compiled the way Vercel's <c>sourceToRegex</c> does: path-to-regexp 6.1.0 with
/// <c>strict: true</c>, <c>sensitive: true</c>, <c>delimiter: "/"</c>.
/// </summary>
internal sealed class PathPattern
{
    /// <summary>routing-utils' name for a positional (unnamed) group in a source's segment list.</summary>
    public const string UnnamedSegment = "__UN_NAMED_SEGMENT__";

    private PathPattern(string source, string regexSource, JsRegex regex, IReadOnlyList<string> parameterNames, IReadOnlyList<string> segments)
    {
        Source = source;
        RegexSource = regexSource;
        Regex = regex;
        ParameterNames = parameterNames;
        Segments = segments;
    }

    /// <summary>The path-to-regexp source as written in vercel.json.</summary>
    public string Source { get; }

    /// <summary>The compiled regex as JavaScript prints it (<c>RegExp.prototype.source</c>), e.g. <c>^\/old(?:\/([^\/]+?))\/path$</c>.</summary>
    public string RegexSource { get; }

    /// <summary>The same regex for .NET (case-sensitive, culture-invariant, with a match timeout).</summary>
    public JsRegex Regex { get; }

    /// <summary>Parameter names in group order; unnamed groups are named by position: "0", "1", ...</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>routing-utils' segment list: parameter names, with <see cref="UnnamedSegment"/> for unnamed groups.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>Compiles a source; on failure returns null and the reason (path-to-regexp's or the regex engine's message).</summary>
    public static PathPattern? TryCompile(string source, out string? error)
    {
        List<PathToken> tokens;
        try
        {
            tokens = PathTokenizer.Parse(source, "/");
        }
        catch (PathSyntaxException exception)
        {
            error = exception.Message;
            return null;
        }

        var (route, keys) = ToRegex(tokens);
        var regexSource = JsRegex.EscapeSource(route);
        var regex = JsRegex.TryCreate(regexSource, out error);
        if (regex is null)
        {
            return null;
        }

        var names = keys.Select(k => k.KeyName).ToArray();
        var segments = keys.Select(k => k.Name ?? UnnamedSegment).ToArray();
        return new PathPattern(source, regexSource, regex, names, segments);
    }

    /// <summary>The keys (parameters with a pattern) of a parsed path, as path-to-regexp pushes them.</summary>
    public static IEnumerable<PathToken> Keys(IEnumerable<PathToken> tokens) => tokens.Where(t => !t.IsText && t.Pattern.Length > 0);

    // path-to-regexp's tokensToRegexp with strict, start and end set and no endsWith.
    private static (string Route, List<PathToken> Keys) ToRegex(List<PathToken> tokens)
    {
        var route = new StringBuilder("^");
        var keys = new List<PathToken>();
        foreach (var token in tokens)
        {
            if (token.IsText)
            {
                route.Append(PathTokenizer.EscapeString(token.Text!));
                continue;
            }

            var prefix = PathTokenizer.EscapeString(token.Prefix);
            var suffix = PathTokenizer.EscapeString(token.Suffix);
            if (token.Pattern.Length == 0)
            {
                route.Append("(?:").Append(prefix).Append(suffix).Append(')').Append(token.Modifier);
                continue;
            }

            keys.Add(token);
            if (prefix.Length == 0 && suffix.Length == 0)
            {
                route.Append('(').Append(token.Pattern).Append(')').Append(token.Modifier);
            }
            else if (token.Modifier is "+" or "*")
            {
                route.Append("(?:").Append(prefix).Append("((?:").Append(token.Pattern).Append(")(?:").Append(suffix).Append(prefix)
                    .Append("(?:").Append(token.Pattern).Append("))*)").Append(suffix).Append(')').Append(token.Modifier == "*" ? "?" : "");
            }
            else
            {
                route.Append("(?:").Append(prefix).Append('(').Append(token.Pattern).Append(')').Append(suffix).Append(')').Append(token.Modifier);
            }
        }

        return (route.Append('$').ToString(), keys);
    }
}
