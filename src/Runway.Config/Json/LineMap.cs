using System.Text;

namespace Runway.Config.Json;

/// <summary>Maps byte offsets in a UTF-8 text to 1-based line and column (columns in UTF-16 code units, as editors count).</summary>
internal sealed class LineMap
{
    private readonly byte[] _text;
    private readonly List<int> _lineStarts = [0];

    public LineMap(ReadOnlySpan<byte> utf8)
    {
        _text = utf8.ToArray();
        for (var i = 0; i < _text.Length; i++)
        {
            if (_text[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Locate(long offset)
    {
        var position = (int)Math.Clamp(offset, 0, _text.Length);
        var index = _lineStarts.BinarySearch(position);
        var line = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(_text, start, position - start) + 1;
        return (line + 1, column);
    }
}
