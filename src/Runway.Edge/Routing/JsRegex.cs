using System.Text;
using System.Text.RegularExpressions;

namespace Runway.Edge.Routing;

/// <summary>
/// A JavaScript regular expression (as Vercel's proxy and routing-utils read route patterns) compiled for .NET with
/// JavaScript's meaning: <c>\d</c> and <c>\w</c> are ASCII, <c>$</c> is the end of input, <c>.</c> stops at line
/// terminators, named groups are numbered left to right together with unnamed ones (so <c>$1</c> means what it means
/// in JavaScript), and letters escaped without meaning are literals.
/// </summary>
internal sealed class JsRegex
{
    /// <summary>How long one match may run before the route is treated as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private JsRegex(string source, Regex regex, string?[] groupNames)
    {
        Source = source;
        Regex = regex;
        GroupNames = groupNames;
    }

    /// <summary>The pattern as written (JavaScript syntax).</summary>
    public string Source { get; }

    /// <summary>The compiled .NET equivalent; groups carry JavaScript's numbering.</summary>
    public Regex Regex { get; }

    /// <summary>Group number → name for named groups (index 0 unused), null for unnamed ones.</summary>
    public IReadOnlyList<string?> GroupNames { get; }

    /// <summary>Matches <paramref name="input"/>; a match that runs past <see cref="MatchTimeout"/> counts as no match.</summary>
    public bool TryMatch(string input, out Match match)
    {
        try
        {
            match = Regex.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            match = Match.Empty;
            return false;
        }

        return match.Success;
    }

    /// <summary>Compiles a JavaScript pattern, or returns null with the reason it is not a valid JavaScript regex.</summary>
    public static JsRegex? TryCreate(string source, out string? error)
    {
        var translated = JsRegexTranslator.Translate(source, out var names, out error);
        if (translated is null)
        {
            return null;
        }

        try
        {
            var regex = new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout);
            return new JsRegex(source, regex, [.. names]);
        }
        catch (ArgumentException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    /// <summary>
    /// V8's <c>RegExp.prototype.source</c> escaping: an unescaped <c>/</c> outside a class becomes <c>\/</c> and line
    /// terminators become escapes. path-to-regexp's output is reported through it.
    /// </summary>
    public static string EscapeSource(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    builder.Append(c);
                    break;
                case ']':
                    inClass = false;
                    builder.Append(c);
                    break;
                case '/' when !inClass:
                    builder.Append("\\/");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\u2028':
                    builder.Append("\\u2028");
                    break;
                case '\u2029':
                    builder.Append("\\u2029");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
