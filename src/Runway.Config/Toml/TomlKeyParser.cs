namespace Runway.Config.Toml;

/// <summary>One part of a key: bare (A-Za-z0-9_-), basic-quoted or literal-quoted.</summary>
internal static class TomlKeyParser
{
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
