using System.Text;

namespace Runway.Edge.Routing.PathToRegexp;

/// <summary>A piece of a parsed path: literal text, or a parameter (named, or positional when <see cref="Index"/> is set).</summary>
internal sealed record PathToken(string? Text, string? Name, int? Index, string Prefix, string Suffix, string Pattern, string Modifier)
{
    public bool IsText => Text is not null;

    /// <summary>The name path-to-regexp gives the key: the parameter name, or its position for unnamed groups.</summary>
    public string KeyName => Name ?? Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static PathToken Literal(string text) => new(text, null, null, "", "", "", "");
}

/// <summary>Thrown inside the tokenizer only; callers get the message as a diagnostic.</summary>
internal sealed class PathSyntaxException(string message) : Exception(message);

/// <summary>
/// path-to-regexp 6.1.0's lexer and <c>parse</c> (prefixes "./", a configurable delimiter for the default pattern),
/// with the same error messages so users see what Vercel's build would report.
/// </summary>
internal static class PathTokenizer
{
    private enum Kind
    {
        Modifier,
        EscapedChar,
        Open,
        Close,
        Name,
        Pattern,
        Char,
        End,
    }

    private readonly record struct Lexeme(Kind Kind, int Index, string? Value);

    /// <summary>Parses <paramref name="path"/>; throws <see cref="PathSyntaxException"/> with path-to-regexp's message.</summary>
    public static List<PathToken> Parse(string path, string delimiter = "/#?")
    {
        var lexemes = Lex(path);
        var defaultPattern = "[^" + EscapeString(delimiter) + "]+?";
        var result = new List<PathToken>();
        var key = 0;
        var i = 0;
        var text = new StringBuilder();

        string? TryConsume(Kind kind) => i < lexemes.Count && lexemes[i].Kind == kind ? lexemes[i++].Value : null;

        string MustConsume(Kind kind)
        {
            var value = TryConsume(kind);
            if (value is not null)
            {
                return value;
            }

            throw new PathSyntaxException($"Unexpected {KindName(lexemes[i].Kind)} at {lexemes[i].Index}, expected {KindName(kind)}");
        }

        string ConsumeText()
        {
            var consumed = new StringBuilder();
            while ((TryConsume(Kind.Char) ?? TryConsume(Kind.EscapedChar)) is { Length: > 0 } value)
            {
                consumed.Append(value);
            }

            return consumed.ToString();
        }

        void FlushText()
        {
            if (text.Length > 0)
            {
                result.Add(PathToken.Literal(text.ToString()));
                text.Clear();
            }
        }

        while (i < lexemes.Count)
        {
            var character = TryConsume(Kind.Char);
            var name = TryConsume(Kind.Name);
            var pattern = TryConsume(Kind.Pattern);
            if (!string.IsNullOrEmpty(name) || !string.IsNullOrEmpty(pattern))
            {
                var prefix = character ?? "";
                if (!"./".Contains(prefix, StringComparison.Ordinal))
                {
                    text.Append(prefix);
                    prefix = "";
                }

                FlushText();
                var modifier = TryConsume(Kind.Modifier) ?? "";
                result.Add(string.IsNullOrEmpty(name)
                    ? new PathToken(null, null, key++, prefix, "", pattern!, modifier)
                    : new PathToken(null, name, null, prefix, "", string.IsNullOrEmpty(pattern) ? defaultPattern : pattern, modifier));
                continue;
            }

            var value = character ?? TryConsume(Kind.EscapedChar);
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(value);
                continue;
            }

            FlushText();
            if (TryConsume(Kind.Open) is not null)
            {
                var prefix = ConsumeText();
                var groupName = TryConsume(Kind.Name) ?? "";
                var groupPattern = TryConsume(Kind.Pattern) ?? "";
                var suffix = ConsumeText();
                MustConsume(Kind.Close);
                var modifier = TryConsume(Kind.Modifier) ?? "";
                if (groupName.Length > 0)
                {
                    result.Add(new PathToken(null, groupName, null, prefix, suffix, groupPattern.Length == 0 ? defaultPattern : groupPattern, modifier));
                }
                else
                {
                    // A group without name or pattern is an optional literal: {abc}? — it has no key.
                    int? index = groupPattern.Length > 0 ? key++ : null;
                    result.Add(new PathToken(null, index is null ? "" : null, index, prefix, suffix, groupPattern, modifier));
                }

                continue;
            }

            MustConsume(Kind.End);
        }

        return result;
    }

    private static List<Lexeme> Lex(string str)
    {
        var tokens = new List<Lexeme>();
        var i = 0;
        while (i < str.Length)
        {
            var c = str[i];
            switch (c)
            {
                case '*' or '+' or '?':
                    tokens.Add(new(Kind.Modifier, i, c.ToString()));
                    i++;
                    continue;
                case '\\':
                    // A trailing backslash escapes nothing and is dropped, as path-to-regexp does.
                    tokens.Add(new(Kind.EscapedChar, i, i + 1 < str.Length ? str[i + 1].ToString() : null));
                    i += 2;
                    continue;
                case '{':
                    tokens.Add(new(Kind.Open, i, "{"));
                    i++;
                    continue;
                case '}':
                    tokens.Add(new(Kind.Close, i, "}"));
                    i++;
                    continue;
                case ':':
                    var j = i + 1;
                    while (j < str.Length && (char.IsAsciiLetterOrDigit(str[j]) || str[j] == '_'))
                    {
                        j++;
                    }

                    if (j == i + 1)
                    {
                        throw new PathSyntaxException($"Missing parameter name at {i}");
                    }

                    tokens.Add(new(Kind.Name, i, str[(i + 1)..j]));
                    i = j;
                    continue;
                case '(':
                    i = LexPattern(str, i, tokens);
                    continue;
                default:
                    tokens.Add(new(Kind.Char, i, c.ToString()));
                    i++;
                    continue;
            }
        }

        tokens.Add(new(Kind.End, i, ""));
        return tokens;
    }

    private static int LexPattern(string str, int start, List<Lexeme> tokens)
    {
        var count = 1;
        var pattern = new StringBuilder();
        var j = start + 1;
        if (j < str.Length && str[j] == '?')
        {
            throw new PathSyntaxException($"Pattern cannot start with \"?\" at {j}");
        }

        while (j < str.Length)
        {
            if (str[j] == '\\')
            {
                pattern.Append(str[j++]);
                if (j < str.Length)
                {
                    pattern.Append(str[j]);
                }

                j++;
                continue;
            }

            if (str[j] == ')')
            {
                count--;
                if (count == 0)
                {
                    j++;
                    break;
                }
            }
            else if (str[j] == '(')
            {
                count++;
                if (j + 1 >= str.Length || str[j + 1] != '?')
                {
                    throw new PathSyntaxException($"Capturing groups are not allowed at {j}");
                }
            }

            pattern.Append(str[j++]);
        }

        if (count != 0)
        {
            throw new PathSyntaxException($"Unbalanced pattern at {start}");
        }

        if (pattern.Length == 0)
        {
            throw new PathSyntaxException($"Missing pattern at {start}");
        }

        tokens.Add(new(Kind.Pattern, start, pattern.ToString()));
        return j;
    }

    /// <summary>path-to-regexp's escapeString: backslash before <c>.+*?=^!:${}()[]|/\</c>.</summary>
    public static string EscapeString(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (".+*?=^!:${}()[]|/\\".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string KindName(Kind kind) => kind switch
    {
        Kind.Modifier => "MODIFIER",
        Kind.EscapedChar => "ESCAPED_CHAR",
        Kind.Open => "OPEN",
        Kind.Close => "CLOSE",
        Kind.Name => "NAME",
        Kind.Pattern => "PATTERN",
        Kind.Char => "CHAR",
        _ => "END",
    };
}
