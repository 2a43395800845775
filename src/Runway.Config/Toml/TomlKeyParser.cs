namespace Runway.Config.Toml;

/// <summary>One part of a key: bare (A-Za-z0-9_-), basic-quoted or literal-quoted.</summary>
/// <summary>Opens (or creates) the table a dotted key's prefix names; false after reporting an error on the cursor.</summary>
internal delegate bool EnterTable(TomlCursor cursor, TomlTable parent, string key, TomlPosition position, int nameStart, out TomlTable table);

internal static class TomlKeyParser
{
    /// <summary>Parses a possibly dotted key (<c>a.b.c</c>), walking from <paramref name="table"/> through each prefix with
    /// <paramref name="enter"/>; returns the last part and the table it belongs in.</summary>
    public static bool TryParseDotted(
        TomlCursor cursor, TomlTable table, EnterTable enter, out TomlTable parent, out string key, out TomlPosition keyPosition)
    {
        var nameStart = cursor.Index;
        parent = table;
        if (!TryParsePart(cursor, out key, out keyPosition))
        {
            return false;
        }

        cursor.SkipWhitespace();
        while (cursor.Peek() == '.')
        {
            if (!enter(cursor, parent, key, keyPosition, nameStart, out parent))
            {
                return false;
            }

            cursor.Index++;
            cursor.SkipWhitespace();
            if (!TryParsePart(cursor, out key, out keyPosition))
            {
                return false;
            }

            cursor.SkipWhitespace();
        }

        return true;
    }

    public static bool TryParsePart(TomlCursor cursor, out string key, out TomlPosition position)
    {
        key = string.Empty;
        position = cursor.Position;
        var ch = cursor.Peek();
        if (ch == '"' || ch == '\'')
        {
            // keys are simple-key = quoted-key / unquoted-key; quoted-key = basic-string / literal-string.
            if (TomlStringParser.AtMultiLineDelimiter(cursor))
            {
                return cursor.Fail("a multi-line string cannot be used as a key");
            }

            return TomlStringParser.TryParse(cursor, out key);
        }

        var text = cursor.Text;
        var start = cursor.Index;
        var end = start;
        while (end < text.Length && TomlCharacters.IsBareKeyChar(text[end]))
        {
            end++;
        }

        if (end == start)
        {
            return ch switch
            {
                '=' => cursor.Fail("expected a key before '='"),
                '.' => cursor.Fail("expected a key before '.' (empty key parts must be quoted: \"\")"),
                _ => cursor.Fail($"expected a key, found {cursor.DescribeCurrent()} (bare keys may only contain A-Z a-z 0-9 _ -; quote other keys)"),
            };
        }

        key = text[start..end];
        cursor.Index = end;
        return true;
    }
}
