using System.Text;
using System.Text.Unicode;

namespace Runway.Config.Toml;

/// <summary>TOML 1.0 parser.</summary>
public static class TomlParser
{
    /// <summary>Parses a document given as text (a leading U+FEFF byte-order mark is skipped).</summary>
    public static TomlParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TomlDocumentParser.Parse(text, text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0);
    }

    /// <summary>Parses a document given as raw bytes (must be valid UTF-8; a leading BOM is allowed).</summary>
    public static TomlParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        // "A TOML file must be a valid UTF-8 encoded Unicode document."
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        if (!Utf8.IsValid(utf8))
        {
            return new TomlParseResult(null, InvalidUtf8Error(utf8));
        }

        return TomlDocumentParser.Parse(Encoding.UTF8.GetString(utf8), 0);
    }

    /// <summary>Locates the first invalid byte and reports it at its line and column.</summary>
    private static TomlError InvalidUtf8Error(ReadOnlySpan<byte> utf8)
    {
        var chars = new char[utf8.Length];
        Utf8.ToUtf16(utf8, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        var decoded = chars.AsSpan(0, charsWritten);
        var lastNewline = decoded.LastIndexOf('\n');
        var line = decoded.Count('\n') + 1;
        var column = charsWritten - lastNewline;
        var badByte = bytesRead < utf8.Length ? utf8[bytesRead] : (byte)0;
        return new TomlError($"invalid UTF-8 (byte 0x{badByte:X2}); TOML files must be encoded as UTF-8", line, column);
    }
}
