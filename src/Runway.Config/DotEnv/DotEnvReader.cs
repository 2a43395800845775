using System.Text;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.DotEnv;

/// <summary>One variable of a .env file.</summary>
internal sealed record DotEnvEntry(string Key, string Value, SourceLocation Location);

/// <summary>A .env file's variables in file order (a repeated key keeps its last value, as dotenv does).</summary>
internal sealed record DotEnvDocument(ValueList<DotEnvEntry> Entries)
{
    public ValueMap ToMap() => new(Entries.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)));
}

/// <summary>
/// Reads a .env file the way dotenv and docker compose do: <c>KEY=VALUE</c> with optional <c>export </c>, <c>#</c> comments,
/// single-quoted literal values, double-quoted values with escapes that may span lines, unquoted values trimmed with an
/// inline <c> #comment</c> removed, and <c>${VAR}</c> expanded from variables defined earlier in the same file.
/// dotenv tools skip what they cannot read, so a malformed line is a warning and is skipped.
/// </summary>
internal sealed class DotEnvReader
{
    private readonly string _text;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<DotEnvEntry> _entries = [];
    private readonly DotEnvExpander _expander;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private DotEnvReader(string text, string file, DiagnosticBag diagnostics)
    {
        _text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        _file = file;
        _diagnostics = diagnostics;
        _expander = new DotEnvExpander(name => _entries.FindLast(e => e.Key == name)?.Value, diagnostics);
    }

    public static DotEnvDocument Read(string text, string file, DiagnosticBag diagnostics)
    {
        var reader = new DotEnvReader(text, file, diagnostics);
        while (reader._position < reader._text.Length)
        {
            reader.ReadLine();
        }

        return new DotEnvDocument(reader._entries.ToValueList());
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private bool AtLineEnd => _position >= _text.Length || Current is '\n' or '\r';

    private SourceLocation Here => new(_file, _line, _position - _lineStart + 1);

    private void ReadLine()
    {
        SkipBlanks();
        if (AtLineEnd || Current == '#')
        {
            SkipRestOfLine();
            return;
        }

        if (_text.AsSpan(_position).StartsWith("export") && _position + 6 < _text.Length && _text[_position + 6] is ' ' or '\t')
        {
            _position += 6;
            SkipBlanks();
        }

        var location = Here;
        var keyStart = _position;
        while (!AtLineEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '.' or '-'))
        {
            _position++;
        }

        var key = _text[keyStart.._position];
        SkipBlanks();
        if (key.Length == 0 || Current != '=')
        {
            var problem = key.Length == 0 ? "expected KEY=VALUE" : $"expected = after \"{key}\"";
            Skip(location, $"{problem}; the line is ignored (names may hold letters, digits, _, . and -)");
            return;
        }

        _position++;
        SkipBlanks();
        var value = Current switch
        {
            '\'' or '`' => ReadLiteral(Current),
            '"' => ReadDoubleQuoted(),
            _ => ReadUnquoted(),
        };
        if (value is null)
        {
            return;
        }

        _entries.RemoveAll(e => e.Key == key);
        _entries.Add(new DotEnvEntry(key, value, location));
    }

    private string? ReadLiteral(char quote)
    {
        var open = Here;
        var end = _text.IndexOf(quote, _position + 1);
        if (end < 0)
        {
            Skip(open, $"the value opened with {quote} at {open.Line}:{open.Column} is never closed; the line is ignored");
            return null;
        }

        var value = _text[(_position + 1)..end];
        Advance(end + 1);
        AfterQuoted();
        return value.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private string? ReadDoubleQuoted()
    {
        var open = Here;
        var start = _position;
        _position++;
        var raw = new StringBuilder();
        while (_position < _text.Length && Current != '"')
        {
            if (Current == '\\' && _position + 1 < _text.Length)
            {
                raw.Append(Current);
                _position++;
            }

            raw.Append(Current);
            _position++;
        }

        if (_position >= _text.Length)
        {
            _position = start;
            Skip(open, $"the value opened with \" at {open.Line}:{open.Column} is never closed; the line is ignored");
            return null;
        }

        var end = _position;
        _position = start;
        Advance(end + 1);
        AfterQuoted();
        return _expander.Expand(raw.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), open, doubleQuoted: true);
    }

    private string ReadUnquoted()
    {
        var location = Here;
        var start = _position;
        while (!AtLineEnd)
        {
            _position++;
        }

        var value = _text[start.._position];

        // An inline comment starts at a # preceded by whitespace (python-dotenv and compose).
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == '#' && value[i - 1] is ' ' or '\t')
            {
                value = value[..i];
                break;
            }
        }

        SkipRestOfLine();
        return _expander.Expand(value.Trim(), location, doubleQuoted: false);
    }

    private void AfterQuoted()
    {
        SkipBlanks();
        if (!AtLineEnd && Current != '#')
        {
            _diagnostics.Warning(Here, "unexpected text after the closing quote; it is ignored");
        }

        SkipRestOfLine();
    }

    private void Skip(SourceLocation location, string message)
    {
        _diagnostics.Warning(location, message);
        SkipRestOfLine();
    }

    private void SkipBlanks()
    {
        while (Current is ' ' or '\t')
        {
            _position++;
        }
    }

    private void SkipRestOfLine()
    {
        while (!AtLineEnd)
        {
            _position++;
        }

        if (Current == '\r')
        {
            _position++;
        }

        if (Current == '\n')
        {
            _position++;
        }

        _line++;
        _lineStart = _position;
    }

    /// <summary>Moves to <paramref name="target"/>, counting the line breaks passed (quoted values may span lines).</summary>
    private void Advance(int target)
    {
        while (_position < target)
        {
            if (_text[_position] == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }

            _position++;
        }
    }
}
