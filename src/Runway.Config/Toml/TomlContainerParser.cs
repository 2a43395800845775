namespace Runway.Config.Toml;

/// <summary>Inline arrays <c>[1, 2]</c> and inline tables <c>{ a = 1 }</c>.</summary>
internal static class TomlContainerParser
{
    /// <summary>Arrays may span lines and hold comments; values of different types may be mixed (TOML 1.0); a trailing comma is allowed.</summary>
    public static bool TryParseArray(TomlCursor cursor, out TomlValue value)
    {
        var array = new TomlArray { Position = cursor.Position };
        value = array;
        if (!TryEnterNesting(cursor))
        {
            return false;
        }

        cursor.Index++;
        while (true)
        {
            if (!cursor.SkipBlankSpace())
            {
                return false;
            }

            if (cursor.Peek() == ']')
            {
                break;
            }

            if (!TomlValueParser.TryParse(cursor, out var item))
            {
                return false;
            }

            array.Add(item);
            if (!cursor.SkipBlankSpace())
            {
                return false;
            }

            if (cursor.Peek() == ',')
            {
                cursor.Index++;
                continue;
            }

            if (cursor.Peek() != ']')
            {
                return cursor.Fail($"expected ',' or ']' after an array element, found {cursor.DescribeCurrent()}");
            }

            break;
        }

        cursor.Index++;
        cursor.Depth--;
        return true;
    }

    /// <summary>Inline tables sit on one line, have no trailing comma, and are complete once written.</summary>
    public static bool TryParseInlineTable(TomlCursor cursor, out TomlValue value)
    {
        var position = cursor.Position;
        var table = new TomlTable { Position = position, Origin = TomlTableOrigin.Inline, DefinedAt = position };
        value = table;
        if (!TryEnterNesting(cursor))
        {
            return false;
        }

        cursor.Index++;
        cursor.SkipWhitespace();
        if (cursor.Peek() != '}')
        {
            while (true)
            {
                if (cursor.AtNewline())
                {
                    return cursor.Fail("expected a key, found end of line (inline tables must be written on one line)");
                }

                if (!TomlKeyValueParser.TryParse(cursor, table))
                {
                    return false;
                }

                cursor.SkipWhitespace();
                if (cursor.Peek() == '}')
                {
                    break;
                }

                if (cursor.Peek() != ',')
                {
                    var found = cursor.DescribeCurrent();
                    return cursor.AtNewline() || cursor.AtEnd
                        ? cursor.Fail($"expected ',' or '}}' in inline table, found {found} (inline tables must be written on one line)")
                        : cursor.Fail($"expected ',' or '}}' in inline table, found {found}");
                }

                cursor.Index++;
                cursor.SkipWhitespace();
                if (cursor.Peek() == '}')
                {
                    return cursor.Fail("trailing comma is not allowed in an inline table");
                }
            }
        }

        cursor.Index++;
        cursor.Depth--;
        return true;
    }

    private static bool TryEnterNesting(TomlCursor cursor)
    {
        if (++cursor.Depth > TomlCursor.MaxNestingDepth)
        {
            return cursor.Fail($"arrays and inline tables are nested more than {TomlCursor.MaxNestingDepth} levels deep");
        }

        return true;
    }
}
