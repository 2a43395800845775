using System.Text;

namespace Runway.Config.Toml;

/// <summary>The four TOML string forms: basic "...", literal '...', multi-line basic """...""" and multi-line literal '''...'''.</summary>
internal static class TomlStringParser
{
    /// <summary>True when the cursor is at the start of a multi-line string delimiter.</summary>
    public static bool AtMultiLineDelimiter(TomlCursor cursor) => cursor.LookingAt("\"\"\"") || cursor.LookingAt("'''");

    /// <summary>Parses the string at the cursor (which is at a quote).</summary>
    public static bool TryParse(TomlCursor cursor, out string value)
    {
        var quote = (char)cursor.Peek();
        if (cursor.LookingAt("\"\"\""))
        {
            return TryParseMultiLine(cursor, '"', out value);
        }

        if (cursor.LookingAt("'''"))
        {
            return TryParseMultiLine(cursor, '\'', out value);
        }

        return quote == '"' ? TryParseBasic(cursor, out value) : TryParseLiteral(cursor, out value);
    }

    private static bool TryParseBasic(TomlCursor cursor, out string value)
    {
        value = string.Empty;
        var text = cursor.Text;
        var start = cursor.Index + 1;
        var i = start;

        // Fast path: no escapes, the common case; the value is one substring.
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '"')
            {
                value = text[start..i];
                cursor.Index = i + 1;
                return true;
            }

            if (ch == '\\' || TomlCharacters.IsForbiddenControl(ch) || char.IsSurrogate(ch))
            {
                break;
            }

            i++;
        }

        var builder = cursor.Scratch();
        builder.Append(text, start, i - start);
        cursor.Index = i;
        while (true)
        {
            var ch = cursor.Peek();
            if (ch == '"')
            {
                cursor.Index++;
                value = builder.ToString();
                return true;
            }

            if (ch == '\\')
            {
                if (!TomlEscapes.TryAppend(cursor, builder))
                {
                    return false;
                }

                continue;
            }

            if (!TryAppendContent(cursor, builder, ch, '"'))
            {
                return false;
            }
        }
    }

    private static bool TryParseLiteral(TomlCursor cursor, out string value)
    {
        value = string.Empty;
        var text = cursor.Text;
        var start = cursor.Index + 1;
        var i = start;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '\'')
            {
                value = text[start..i];
                cursor.Index = i + 1;
                return true;
            }

            if (TomlCharacters.IsForbiddenControl(ch) || char.IsSurrogate(ch))
            {
                if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i += 2;
                    continue;
                }

                cursor.Index = i;
                return FailOnContent(cursor, ch, '\'');
            }

            i++;
        }

        cursor.Index = i;
        return FailOnContent(cursor, -1, '\'');
    }

    /// <summary>Multi-line strings: a newline right after the opening delimiter is dropped; CRLF is read as LF.</summary>
    private static bool TryParseMultiLine(TomlCursor cursor, char quote, out string value)
    {
        value = string.Empty;
        var opened = cursor.Position;
        var isBasic = quote == '"';
        cursor.Index += 3;
        cursor.TrySkipNewline();
        var builder = cursor.Scratch();
        var text = cursor.Text;
        while (true)
        {
            var i = cursor.Index;
            if (i >= text.Length)
            {
                var delimiter = new string(quote, 3);
                return cursor.Fail($"unterminated multi-line string: expected {delimiter} to close the string opened at {opened.Line}:{opened.Column}");
            }

            var ch = text[i];
            if (ch == quote)
            {
                var run = 1;
                while (i + run < text.Length && text[i + run] == quote)
                {
                    run++;
                }

                if (run < 3)
                {
                    builder.Append(quote, run);
                    cursor.Index = i + run;
                    continue;
                }

                // Up to two quotes may sit right before the closing delimiter; a sixth quote is left
                // for the caller, which reports it as unexpected text after the value.
                var extra = Math.Min(run - 3, 2);
                builder.Append(quote, extra);
                cursor.Index = i + 3 + extra;
                value = builder.ToString();
                return true;
            }

            if (ch == '\\' && isBasic)
            {
                if (IsLineEndingBackslash(text, i))
                {
                    if (!TrySkipLineEndingBackslash(cursor))
                    {
                        return false;
                    }
                }
                else if (!TomlEscapes.TryAppend(cursor, builder))
                {
                    return false;
                }

                continue;
            }

            if (cursor.TrySkipNewline())
            {
                builder.Append('\n');
                continue;
            }

            if (!TryAppendContent(cursor, builder, ch, quote))
            {
                return false;
            }
        }
    }

    /// <summary>A backslash followed only by whitespace up to the end of the line.</summary>
    private static bool IsLineEndingBackslash(string text, int backslash)
    {
        var j = backslash + 1;
        while (j < text.Length && (text[j] == ' ' || text[j] == '\t'))
        {
            j++;
        }

        return j < text.Length && (text[j] == '\n' || (text[j] == '\r' && j + 1 < text.Length && text[j + 1] == '\n'));
    }

    /// <summary>"When the last non-whitespace character on a line is an unescaped \, it will be trimmed along with all whitespace (including newlines) up to the next non-whitespace character or closing delimiter."</summary>
    private static bool TrySkipLineEndingBackslash(TomlCursor cursor)
    {
        cursor.Index++;
        while (true)
        {
            cursor.SkipWhitespace();
            if (!cursor.TrySkipNewline())
            {
                return true;
            }
        }
    }

    /// <summary>Appends one ordinary character (or a surrogate pair) at the cursor, rejecting control characters.</summary>
    private static bool TryAppendContent(TomlCursor cursor, StringBuilder builder, int ch, char quote)
    {
        if (ch >= 0 && !TomlCharacters.IsForbiddenControl((char)ch) && !char.IsSurrogate((char)ch))
        {
            builder.Append((char)ch);
            cursor.Index++;
            return true;
        }

        if (ch >= 0 && char.IsHighSurrogate((char)ch) && cursor.Peek(1) is var low && low >= 0 && char.IsLowSurrogate((char)low))
        {
            builder.Append((char)ch).Append((char)low);
            cursor.Index += 2;
            return true;
        }

        return FailOnContent(cursor, ch, quote);
    }

    private static bool FailOnContent(TomlCursor cursor, int ch, char quote)
    {
        if (ch == -1 || ch == '\n' || (ch == '\r' && cursor.Peek(1) == '\n'))
        {
            return cursor.Fail($"unterminated string: expected {quote} before the end of the line (use a multi-line string for line breaks)");
        }

        if (ch >= 0 && char.IsSurrogate((char)ch))
        {
            return cursor.Fail("invalid text: unpaired UTF-16 surrogate in a string");
        }

        var escape = quote == '"' ? " (write it as an escape, e.g. \\u" + ch.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + ")" : string.Empty;
        return cursor.Fail($"{TomlCursor.Describe(ch)} is not allowed in a string{escape}");
    }
}
