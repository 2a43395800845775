using System.Globalization;
using System.Text;

namespace Runway.Config.Toml;

/// <summary>
/// Position in the document being parsed, with line tracking, the first error and small shared helpers.
/// Columns count UTF-16 code units from the start of the line (as most editors report them).
/// </summary>
internal sealed class TomlCursor
{
    /// <summary>Deepest nesting of arrays and inline tables accepted; deeper input is rejected instead of exhausting the stack.</summary>
    public const int MaxNestingDepth = 128;

    private StringBuilder? _scratch;

    public TomlCursor(string text, int start)
    {
        Text = text;
        Index = start;
        LineStart = start;
    }

    public string Text { get; }

    public int Index { get; set; }

    public int Line { get; private set; } = 1;

    public int LineStart { get; private set; }

    public int Depth { get; set; }

    public TomlError? Error { get; private set; }

    public bool AtEnd => Index >= Text.Length;

    public TomlPosition Position => new(Line, Index - LineStart + 1);

    /// <summary>The character at <see cref="Index"/> + <paramref name="offset"/>, or -1 past the end.</summary>
    public int Peek(int offset = 0)
    {
        var at = Index + offset;
        return at < Text.Length ? Text[at] : -1;
    }

    /// <summary>True when the text at the cursor starts with <paramref name="literal"/>.</summary>
    public bool LookingAt(string literal) => Text.AsSpan(Index).StartsWith(literal, StringComparison.Ordinal);

    /// <summary>A cleared string builder shared by the string parsers (one per document).</summary>
    public StringBuilder Scratch()
    {
        _scratch ??= new StringBuilder(64);
        _scratch.Clear();
        return _scratch;
    }

    /// <summary>Records the first error at the cursor and returns false so callers can <c>return cursor.Fail(...)</c>.</summary>
    public bool Fail(string message) => Fail(message, Position);

    public bool Fail(string message, TomlPosition position)
    {
        Error ??= new TomlError(message, position.Line, position.Column);
        return false;
    }

    /// <summary>Skips spaces and tabs (TOML whitespace).</summary>
    public void SkipWhitespace()
    {
        var text = Text;
        var i = Index;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
        {
            i++;
        }

        Index = i;
    }

    /// <summary>True when the cursor is at LF or CRLF.</summary>
    public bool AtNewline()
    {
        var c = Peek();
        return c == '\n' || (c == '\r' && Peek(1) == '\n');
    }

    /// <summary>Consumes LF or CRLF if present. A CR not followed by LF is left in place (callers report it).</summary>
    public bool TrySkipNewline()
    {
        var c = Peek();
        if (c == '\n')
        {
            Index++;
        }
        else if (c == '\r' && Peek(1) == '\n')
        {
            Index += 2;
        }
        else
        {
            return false;
        }

        LineStart = Index;
        Line++;
        return true;
    }

    /// <summary>Records that a LF was consumed just before <see cref="Index"/> (used by multi-line string scanning).</summary>
    public void MarkNewlineConsumed()
    {
        LineStart = Index;
        Line++;
    }

    /// <summary>If at '#', skips the comment up to (not including) the line end; fails on control characters.</summary>
    public bool TrySkipComment()
    {
        if (Peek() != '#')
        {
            return true;
        }

        var text = Text;
        var i = Index + 1;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '\n' || (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                break;
            }

            // TOML 1.0: control characters other than tab are not permitted in comments.
            if (TomlCharacters.IsForbiddenControl(ch) || char.IsSurrogate(ch))
            {
                if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i += 2;
                    continue;
                }

                Index = i;
                return Fail($"{Describe(ch)} is not allowed in a comment");
            }

            i++;
        }

        Index = i;
        return true;
    }

    /// <summary>Skips whitespace, comments and newlines (inside arrays, where all three may appear between values).</summary>
    public bool SkipBlankSpace()
    {
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '#' && !TrySkipComment())
            {
                return false;
            }

            if (!TrySkipNewline())
            {
                return true;
            }
        }
    }

    /// <summary>Describes the character at the cursor for messages: "'x'", "end of file", "a newline", "U+0007".</summary>
    public string DescribeCurrent() => AtEnd ? "end of file" : AtNewline() ? "end of line" : Describe(Text[Index]);

    public static string Describe(int ch) => ch switch
    {
        -1 => "end of file",
        '\n' => "a newline",
        '\r' => "a carriage return (U+000D)",
        '\t' => "a tab",
        _ when ch < 0x20 || ch == 0x7F || char.IsSurrogate((char)ch) || (ch >= 0x80 && ch < 0xA0) =>
            "character U+" + ch.ToString("X4", CultureInfo.InvariantCulture),
        _ => "'" + (char)ch + "'",
    };

    /// <summary>The source text between two indexes with surrounding whitespace removed (for naming keys in messages).</summary>
    public string Slice(int start, int end) => Text[start..end].Trim(' ', '\t');
}
