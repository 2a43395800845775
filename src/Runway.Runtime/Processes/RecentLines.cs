namespace Runway.Runtime.Processes;

/// <summary>The last N output lines of an instance, kept for failure reports. Thread-safe.</summary>
internal sealed class RecentLines
{
    private readonly string[] _lines;
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public RecentLines(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _lines = new string[capacity];
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines[_next] = line;
            _next = (_next + 1) % _lines.Length;
            _count = Math.Min(_count + 1, _lines.Length);
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public string[] Snapshot()
    {
        lock (_lock)
        {
            var result = new string[_count];
            var start = (_next - _count + _lines.Length) % _lines.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _lines[(start + i) % _lines.Length];
            }

            return result;
        }
    }
}
