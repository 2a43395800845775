using System.Text;

namespace Runway.Edge.Routing;

/// <summary>
/// Rewrites a JavaScript regex (no flags) into .NET syntax with the same meaning; see <see cref="JsRegex"/>. Named groups
/// become plain groups so numbering stays JavaScript's; their names are returned by group number.
/// </summary>
internal static class JsRegexTranslator
{
    /// <summary>The .NET pattern, or null with JavaScript's reason for rejecting the pattern.</summary>
    public static string? Translate(string js, out List<string?> names, out string? error)
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
