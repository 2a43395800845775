namespace Runway.Config.Toml;

/// <summary>The top level of a document: key/value pairs, [table] and [[array of tables]] headers, comments and blank lines.</summary>
internal static class TomlDocumentParser
{
    public static TomlParseResult Parse(string text, int start)
    {
        var cursor = new TomlCursor(text, start);
        var root = new TomlTable { Position = new TomlPosition(1, 1), Origin = TomlTableOrigin.Root, DefinedAt = new TomlPosition(1, 1) };
        return TryParseExpressions(cursor, root)
            ? new TomlParseResult(root, null)
            : new TomlParseResult(null, cursor.Error ?? new TomlError("invalid document", cursor.Line, cursor.Index - cursor.LineStart + 1));
    }

    private static bool TryParseExpressions(TomlCursor cursor, TomlTable root)
    {
        var current = root;
        while (true)
        {
            cursor.SkipWhitespace();
            if (cursor.AtEnd)
            {
                return true;
            }

            if (cursor.TrySkipNewline())
            {
                continue;
            }

            switch (cursor.Peek())
            {
                case '#':
                    if (!cursor.TrySkipComment() || !TryEndLine(cursor, "a comment"))
                    {
                        return false;
                    }

                    break;
                case '[':
                    if (!TryParseHeader(cursor, root, out current))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!TomlKeyValueParser.TryParse(cursor, current) || !TryEndLine(cursor, "a value"))
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    /// <summary>[a.b] or [[a.b]] followed by the end of the line; returns the table that following keys go into.</summary>
    private static bool TryParseHeader(TomlCursor cursor, TomlTable root, out TomlTable current)
    {
        current = root;
        var isArray = cursor.Peek(1) == '[';
        cursor.Index += isArray ? 2 : 1;
        cursor.SkipWhitespace();
        var nameStart = cursor.Index;
        if (!TomlKeyParser.TryParseDotted(cursor, root, TomlTableBuilder.TryEnterHeaderPrefix, out var table, out var key, out var keyPosition))
        {
            return false;
        }

        if (isArray ? !cursor.LookingAt("]]") : cursor.Peek() != ']')
        {
            var header = (isArray ? "[[" : "[") + cursor.Slice(nameStart, cursor.Index);
            var close = isArray ? "]]" : "]";
            return cursor.Fail($"expected '{close}' to close the header {header}, found {cursor.DescribeCurrent()}");
        }

        var defined = isArray
            ? TomlTableBuilder.TryAppendArrayTable(cursor, table, key, keyPosition, nameStart, out current)
            : TomlTableBuilder.TryDefineTable(cursor, table, key, keyPosition, nameStart, out current);
        if (!defined)
        {
            return false;
        }

        cursor.Index += isArray ? 2 : 1;
        return TryEndLine(cursor, "a table header");
    }

    /// <summary>After an expression only whitespace and a comment may follow before the newline (LF or CRLF) or the end.</summary>
    private static bool TryEndLine(TomlCursor cursor, string after)
    {
        cursor.SkipWhitespace();
        if (!cursor.TrySkipComment())
        {
            return false;
        }

        if (cursor.AtEnd || cursor.TrySkipNewline())
        {
            return true;
        }

        var hint = cursor.Peek() == '\r' ? " (a carriage return must be followed by a line feed)" : string.Empty;
        return cursor.Fail($"expected the end of the line after {after}, found {cursor.DescribeCurrent()}{hint}");
    }
}
