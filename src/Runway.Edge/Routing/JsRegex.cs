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

    /// <summary>Compiles a JavaScript pattern, or returns null with the reason it is not a valid JavaScript regex.</summary>
    public static JsRegex? TryCreate(string source, out string? error)
    {
        var translated = Translate(source, out var names, out error);
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

    private static string? Translate(string js, out List<string?> names, out string? error)
    {
        names = [null];
        error = null;
        var output = new StringBuilder(js.Length + 16);
        var inClass = false;
        for (var i = 0; i < js.Length; i++)
        {
            var c = js[i];
            if (c == '\\')
            {
                if (i + 1 >= js.Length)
                {
                    error = "\\ at end of pattern";
                    return null;
                }

                var consumed = 1;
                var escaped = inClass ? ClassEscape(js[i + 1]) : Escape(js, i, names, ref error, out consumed);
                if (escaped is null)
                {
                    return null;
                }

                output.Append(escaped);
                i += consumed;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                output.Append(c == '[' ? "\\[" : c.ToString());
                continue;
            }

            switch (c)
            {
                case '[' when At(js, i + 1, "]"):
                    output.Append("(?!)");
                    i += 1;
                    break;
                case '[' when At(js, i + 1, "^]"):
                    output.Append(@"[\s\S]");
                    i += 2;
                    break;
                case '[':
                    inClass = true;
                    output.Append('[');
                    if (At(js, i + 1, "^"))
                    {
                        output.Append('^');
                        i++;
                    }

                    // A ']' right after '[' or '[^' would close an empty class in JavaScript; handled above.
                    break;
                case '(':
                    var group = Group(js, i, names, ref error, out var length);
                    if (group is null)
                    {
                        return null;
                    }

                    output.Append(group);
                    i += length - 1;
                    break;
                case '.':
                    output.Append(@"[^\n\r\u2028\u2029]");
                    break;
                case '$':
                    output.Append(@"\z");
                    break;
                case '{':
                    output.Append(IsQuantifier(js, i) ? "{" : "\\{");
                    break;
                case '}' or ']':
                    output.Append('\\').Append(c);
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        if (inClass)
        {
            error = "Unterminated character class";
            return null;
        }

        return output.ToString();
    }

    private static string? Group(string js, int i, List<string?> names, ref string? error, out int length)
    {
        length = 1;
        if (!At(js, i + 1, "?"))
        {
            names.Add(null);
            return "(";
        }

        foreach (var lookaround in (string[])["?:", "?=", "?!", "?<=", "?<!"])
        {
            if (At(js, i + 1, lookaround))
            {
                length = 1 + lookaround.Length;
                return "(" + lookaround;
            }
        }

        if (At(js, i + 1, "?<"))
        {
            var close = js.IndexOf('>', i + 3);
            var name = close < 0 ? "" : js[(i + 3)..close];
            if (!IsGroupName(name))
            {
                error = $"Invalid capture group name at {i}";
                return null;
            }

            if (names.Contains(name))
            {
                error = $"Duplicate capture group name \"{name}\"";
                return null;
            }

            names.Add(name);
            length = close - i + 1;
            return "(";
        }

        error = $"Invalid group at {i}";
        return null;
    }

    private static string? Escape(string js, int i, List<string?> names, ref string? error, out int consumed)
    {
        consumed = 1;
        var next = js[i + 1];
        switch (next)
        {
            case 'd':
                return "[0-9]";
            case 'D':
                return "[^0-9]";
            case 'w':
                return "[a-zA-Z0-9_]";
            case 'W':
                return "[^a-zA-Z0-9_]";
            case 'k' when At(js, i + 2, "<"):
                var close = js.IndexOf('>', i + 3);
                var name = close < 0 ? "" : js[(i + 3)..close];
                var number = names.IndexOf(name);
                if (number <= 0)
                {
                    error = $"Invalid named reference \"\\k<{name}>\"";
                    return null;
                }

                consumed = close - i;
                return $"\\{number}(?:)";
            default:
                return IdentityOrEscape(next);
        }
    }

    private static string ClassEscape(char next) => next switch
    {
        'd' => "0-9",
        'w' => "a-zA-Z0-9_",
        _ => IdentityOrEscape(next),
    };

    // JavaScript (without the u flag) reads an escaped letter it does not know as that letter; .NET would not (\A, \z, \p...).
    private static string IdentityOrEscape(char next) =>
        char.IsAsciiLetter(next) && !"dDwWsSbBnrtvfcxuk".Contains(next, StringComparison.Ordinal)
            ? next.ToString()
            : "\\" + next;

    private static bool IsQuantifier(string js, int i)
    {
        var j = i + 1;
        var digits = 0;
        while (j < js.Length && char.IsAsciiDigit(js[j]))
        {
            j++;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (j < js.Length && js[j] == ',')
        {
            j++;
            while (j < js.Length && char.IsAsciiDigit(js[j]))
            {
                j++;
            }
        }

        return j < js.Length && js[j] == '}';
    }

    private static bool IsGroupName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    private static bool At(string text, int index, string expected) =>
        index + expected.Length <= text.Length && string.CompareOrdinal(text, index, expected, 0, expected.Length) == 0;
}
