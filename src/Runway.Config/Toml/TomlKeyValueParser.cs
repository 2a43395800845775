namespace Runway.Config.Toml;

/// <summary>A <c>key = value</c> pair (key possibly dotted), added to a table.</summary>
internal static class TomlKeyValueParser
{
    public static bool TryParse(TomlCursor cursor, TomlTable table)
    {
        var keyStart = cursor.Index;
        if (!TomlKeyParser.TryParseDotted(cursor, table, TomlTableBuilder.TryEnterDottedKey, out table, out var key, out var keyPosition))
        {
            return false;
        }

        if (cursor.Peek() != '=')
        {
            return cursor.Fail($"expected '=' after key '{cursor.Slice(keyStart, cursor.Index)}', found {cursor.DescribeCurrent()}");
        }

        if (!TomlTableBuilder.TryCheckNewKey(cursor, table, key, keyPosition, keyStart))
        {
            return false;
        }

        cursor.Index++;
        cursor.SkipWhitespace();
        if (!TomlValueParser.TryParse(cursor, out var value))
        {
            return false;
        }

        table.Add(key, value, keyPosition);
        return true;
    }
}
