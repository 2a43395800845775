namespace Runway.Config.Toml;

/// <summary>Character classes from the TOML 1.0 ABNF.</summary>
internal static class TomlCharacters
{
    /// <summary>U+0000–U+0008, U+000A–U+001F and U+007F: forbidden in strings and comments (LF only ends lines or sits in multi-line strings).</summary>
    public static bool IsForbiddenControl(char ch) => (ch < 0x20 && ch != '\t') || ch == 0x7F;

    /// <summary>unquoted-key = 1*( ALPHA / DIGIT / %x2D / %x5F ).</summary>
    public static bool IsBareKeyChar(int ch) =>
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';

    public static bool IsDigit(int ch) => ch >= '0' && ch <= '9';

    public static bool IsHexDigit(int ch) => IsDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');

    public static int HexValue(char ch) => ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;

    /// <summary>Characters that end a bare value (number, boolean, date) when scanning it as one token.</summary>
    public static bool EndsBareValue(int ch) =>
        ch is -1 or ' ' or '\t' or '\n' or '\r' or ',' or ']' or '}' or '#';
}
