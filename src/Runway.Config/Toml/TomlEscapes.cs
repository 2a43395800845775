using System.Text;

namespace Runway.Config.Toml;

/// <summary>Escape sequences of basic strings (TOML 1.0: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX; nothing else).</summary>
internal static class TomlEscapes
{
    /// <summary>Decodes the escape at the cursor (which is at the backslash), appends it and moves past it.</summary>
    public static bool TryAppend(TomlCursor cursor, StringBuilder builder)
    {
        var start = cursor.Position;
        var next = cursor.Peek(1);
        char simple;
        switch (next)
        {
            case 'b': simple = '\b'; break;
            case 't': simple = '\t'; break;
            case 'n': simple = '\n'; break;
            case 'f': simple = '\f'; break;
            case 'r': simple = '\r'; break;
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case 'u': return TryAppendUnicode(cursor, builder, 4, start);
            case 'U': return TryAppendUnicode(cursor, builder, 8, start);
            case -1 or '\n' or '\r':
                return cursor.Fail("invalid escape sequence: '\\' at the end of a line (only multi-line strings may continue a line with '\\')", start);
            default:
                var shown = next < 0x20 || next == 0x7F ? TomlCursor.Describe(next) : ((char)next).ToString();
                return cursor.Fail($"invalid escape sequence '\\{shown}' (valid escapes: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", start);
        }

        builder.Append(simple);
        cursor.Index += 2;
        return true;
    }

    private static bool TryAppendUnicode(TomlCursor cursor, StringBuilder builder, int digits, TomlPosition start)
    {
        var text = cursor.Text;
        var first = cursor.Index + 2;
        var value = 0;
        for (var k = 0; k < digits; k++)
        {
            var at = first + k;
            if (at >= text.Length || !TomlCharacters.IsHexDigit(text[at]))
            {
                var letter = digits == 4 ? "u" : "U";
                return cursor.Fail($"invalid escape sequence: '\\{letter}' must be followed by {digits} hexadecimal digits", start);
            }

            value = (value << 4) | TomlCharacters.HexValue(text[at]);
        }

        // Escapes must name a Unicode scalar value: no surrogates, nothing above U+10FFFF
        // (8 hex digits can overflow int, which also lands outside the valid range).
        if (value < 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            var written = text.Substring(cursor.Index, digits + 2);
            return cursor.Fail($"invalid escape sequence '{written}': not a Unicode scalar value", start);
        }

        if (value <= 0xFFFF)
        {
            builder.Append((char)value);
        }
        else
        {
            var rune = new Rune(value);
            Span<char> pair = stackalloc char[2];
            rune.EncodeToUtf16(pair);
            builder.Append(pair);
        }

        cursor.Index = first + digits;
        return true;
    }
}
