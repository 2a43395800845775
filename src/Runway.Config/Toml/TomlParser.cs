namespace Runway.Config.Toml;

/// <summary>TOML 1.0 parser.</summary>
public static class TomlParser
{
    /// <summary>Parses a document given as text.</summary>
    public static TomlParseResult Parse(string text) => throw new NotImplementedException(text);

    /// <summary>Parses a document given as raw bytes (must be valid UTF-8; a leading BOM is allowed).</summary>
    public static TomlParseResult Parse(ReadOnlySpan<byte> utf8) => throw new NotImplementedException(utf8.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
