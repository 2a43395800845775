using System.Buffers;
using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.Runtime;

/// <summary>A route source that is a literal path prefix followed by a catch-all group, matched without running its regex (which
/// allocates a match, its groups and their arrays on every request). path-to-regexp compiles <c>/api/(.*)</c> to
/// <c>^\/api(?:\/(.*))$</c> and <c>/(.*)</c> to <c>^(?:\/(.*))$</c> (the route table keeps them with plain slashes); legacy
/// routes are often written <c>^/api/(.*)$</c>. Such a
/// regex matches exactly the paths that start with the prefix (case-sensitively) and hold no JavaScript line terminator after it
/// (what JavaScript's <c>.</c> refuses); group 1 is the rest.</summary>
internal sealed class PrefixSource
{
    private static readonly SearchValues<char> LineTerminators = SearchValues.Create("\n\r\u2028\u2029");
    private static readonly SearchValues<char> PlainLiteral = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_~%-");
    private static readonly SearchValues<char> EscapedLiteral = SearchValues.Create("/.-~%");

    private PrefixSource(string prefix) => Prefix = prefix;

    /// <summary>What a matching path starts with.</summary>
    public string Prefix { get; }

    /// <summary>The prefix source <paramref name="source"/> is equivalent to, or null when its regex has any other shape.</summary>
    public static PrefixSource? TryCreate(JsRegex source)
    {
        if ((source.Regex.Options & RegexOptions.IgnoreCase) != 0)
        {
            return null;
        }

        var text = source.Source;
        if (!text.StartsWith('^'))
        {
            return null;
        }

        string literalPart;
        string tail;
        if (text.EndsWith(@"(?:\/(.*))$", StringComparison.Ordinal) || text.EndsWith("(?:/(.*))$", StringComparison.Ordinal))
        {
            literalPart = text[1..text.LastIndexOf("(?:", StringComparison.Ordinal)];
            tail = "/";
        }
        else if (text.EndsWith("(.*)$", StringComparison.Ordinal))
        {
            literalPart = text[1..^"(.*)$".Length];
            tail = "";
        }
        else
        {
            return null;
        }

        return Unescape(literalPart) is { } literal && (literal + tail).StartsWith('/') ? new PrefixSource(literal + tail) : null;
    }

    /// <summary>Matches <paramref name="path"/> as the regex would.</summary>
    public bool TryMatch(string path, out SourceMatch match)
    {
        if (path.StartsWith(Prefix, StringComparison.Ordinal) && !path.AsSpan(Prefix.Length).ContainsAny(LineTerminators))
        {
            match = SourceMatch.OfPrefix(path, Prefix.Length);
            return true;
        }

        match = default;
        return false;
    }

    /// <summary>The text a regex fragment matches when it is a plain literal (letters, digits and a few marks, some escaped);
    /// null for anything else.</summary>
    private static string? Unescape(string fragment)
    {
        var literal = new System.Text.StringBuilder(fragment.Length);
        for (var i = 0; i < fragment.Length; i++)
        {
            var c = fragment[i];
            if (c == '\\')
            {
                if (i + 1 >= fragment.Length || !EscapedLiteral.Contains(fragment[i + 1]))
                {
                    return null;
                }

                literal.Append(fragment[++i]);
            }
            else if (PlainLiteral.Contains(c))
            {
                literal.Append(c);
            }
            else
            {
                return null;
            }
        }

        return literal.ToString();
    }
}
