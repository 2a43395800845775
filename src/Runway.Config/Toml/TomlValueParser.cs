namespace Runway.Config.Toml;

/// <summary>Reads one value of any kind at the cursor, choosing the parser from its first characters.</summary>
internal static class TomlValueParser
{
    public static bool TryParse(TomlCursor cursor, out TomlValue value)
    {
        value = null!;
        var position = cursor.Position;
        var ch = cursor.Peek();
        switch (ch)
        {
            case '"' or '\'':
                if (!TomlStringParser.TryParse(cursor, out var text))
                {
                    return false;
                }

                value = new TomlString(text) { Position = position };
                return true;
            case '[':
                return TomlContainerParser.TryParseArray(cursor, out value);
            case '{':
                return TomlContainerParser.TryParseInlineTable(cursor, out value);
            case 't' or 'f':
                return TryParseBoolean(cursor, out value);
            case >= '0' and <= '9' when TomlDateTimeParser.LooksLikeDateOrTime(cursor):
                return TomlDateTimeParser.TryParse(cursor, out value);
            case (>= '0' and <= '9') or '+' or '-' or 'i' or 'n':
                return TomlNumberParser.TryParse(cursor, out value);
            default:
                return FailInvalidValue(cursor);
        }
    }

    private static bool TryParseBoolean(TomlCursor cursor, out TomlValue value)
    {
        value = null!;
        var position = cursor.Position;
        // Booleans are always lowercase.
        var flag = cursor.LookingAt("true");
        var length = flag ? 4 : 5;
        if ((flag || cursor.LookingAt("false")) && TomlCharacters.EndsBareValue(cursor.Peek(length)))
        {
            cursor.Index += length;
            value = new TomlBoolean(flag) { Position = position };
            return true;
        }

        return FailInvalidValue(cursor);
    }

    /// <summary>Names the unrecognised text so the user sees what was read ("invalid value 'yes'").</summary>
    internal static bool FailInvalidValue(TomlCursor cursor)
    {
        var text = cursor.Text;
        var start = cursor.Index;
        var end = start;
        while (end < text.Length && !TomlCharacters.EndsBareValue(text[end]) && text[end] != '=' && !char.IsControl(text[end]))
        {
            end++;
        }

        if (end == start)
        {
            return cursor.Fail($"expected a value, found {cursor.DescribeCurrent()}");
        }

        var shown = end - start > 40 ? text[start..(start + 40)] + "..." : text[start..end];
        return cursor.Fail($"invalid value '{shown}' (strings must be quoted; booleans are lowercase true/false)");
    }
}
