using System.Collections;

namespace Runway.Config.Toml;

public enum TomlValueKind
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
    Array,
    Table,
}

/// <summary>Line and column (both 1-based) of a key or value in a TOML document.</summary>
public readonly record struct TomlPosition(int Line, int Column);

/// <summary>A value in a parsed TOML document, with where it was written.</summary>
public abstract class TomlValue
{
    public TomlPosition Position { get; init; }

    public abstract TomlValueKind Kind { get; }

    /// <summary>Name of the kind as a user would say it, for messages ("string", "integer", "table", ...).</summary>
    public string KindName => Kind switch
    {
        TomlValueKind.OffsetDateTime => "date-time",
        TomlValueKind.LocalDateTime => "local date-time",
        TomlValueKind.LocalDate => "local date",
        TomlValueKind.LocalTime => "local time",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

public sealed class TomlString(string value) : TomlValue
{
    public string Value { get; } = value;

    public override TomlValueKind Kind => TomlValueKind.String;

    public override string ToString() => Value;
}

public sealed class TomlInteger(long value) : TomlValue
{
    public long Value { get; } = value;

    public override TomlValueKind Kind => TomlValueKind.Integer;
}

public sealed class TomlFloat(double value) : TomlValue
{
    public double Value { get; } = value;

    public override TomlValueKind Kind => TomlValueKind.Float;
}

public sealed class TomlBoolean(bool value) : TomlValue
{
    public bool Value { get; } = value;

    public override TomlValueKind Kind => TomlValueKind.Boolean;
}

/// <summary>Any of TOML's four date/time kinds. <see cref="Text"/> is the value normalised to RFC 3339 form.</summary>
public sealed class TomlDateTime(TomlValueKind kind, string text) : TomlValue
{
    public override TomlValueKind Kind { get; } = kind;

    public string Text { get; } = text;

    /// <summary>For offset date-times: the instant.</summary>
    public DateTimeOffset? Offset { get; init; }

    /// <summary>For local date-times and local dates: the value without a zone.</summary>
    public DateTime? Local { get; init; }

    /// <summary>For local times: the time of day.</summary>
    public TimeOnly? Time { get; init; }
}

public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    private readonly List<TomlValue> _items = [];

    public override TomlValueKind Kind => TomlValueKind.Array;

    /// <summary>True for arrays of tables written with <c>[[name]]</c>; those may be appended to, inline arrays may not.</summary>
    internal bool IsArrayOfTables { get; init; }

    public int Count => _items.Count;

    public TomlValue this[int index] => _items[index];

    internal void Add(TomlValue value) => _items.Add(value);

    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A TOML table: keys in document order, each with its value and the position of the key.</summary>
public sealed class TomlTable : TomlValue, IEnumerable<KeyValuePair<string, TomlValue>>
{
    /// <summary>Tables up to this size are searched linearly (most config tables are small); larger ones get a hash index.</summary>
    private const int IndexThreshold = 8;

    private readonly List<Entry> _entries = [];
    private Dictionary<string, int>? _index;

    public override TomlValueKind Kind => TomlValueKind.Table;

    /// <summary>How the table came to exist; the parser uses it to reject redefinitions.</summary>
    internal TomlTableOrigin Origin { get; set; }

    /// <summary>Where the table was defined (its header, or where it was first created); used in redefinition messages.</summary>
    internal TomlPosition DefinedAt { get; set; }

    public int Count => _entries.Count;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Key;
            }
        }
    }

    public TomlValue this[string key] => _entries[IndexOfOrThrow(key)].Value;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out TomlValue value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null!;
        return index >= 0;
    }

    /// <summary>Where the key was written.</summary>
    public TomlPosition KeyPosition(string key) => _entries[IndexOfOrThrow(key)].KeyPosition;

    internal void Add(string key, TomlValue value, TomlPosition keyPosition)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"Key '{key}' is already in the table.", nameof(key));
        }

        _entries.Add(new Entry(key, value, keyPosition));
        if (_index is not null)
        {
            _index.Add(key, _entries.Count - 1);
        }
        else if (_entries.Count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }

    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator()
    {
        foreach (var entry in _entries)
        {
            yield return new KeyValuePair<string, TomlValue>(entry.Key, entry.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOfOrThrow(string key)
    {
        var index = IndexOf(key);
        return index >= 0 ? index : throw new KeyNotFoundException($"The table has no key '{key}'.");
    }

    private readonly record struct Entry(string Key, TomlValue Value, TomlPosition KeyPosition);
}

internal enum TomlTableOrigin
{
    /// <summary>Created by a dotted key or a header's prefix; may still be defined by a header.</summary>
    Implicit,

    /// <summary>Created by <c>a.b = 1</c> style dotted keys; cannot be reopened by a header.</summary>
    DottedKey,

    /// <summary>Defined by a <c>[header]</c>.</summary>
    Header,

    /// <summary>An inline table; closed.</summary>
    Inline,

    /// <summary>The document root or an element of an array of tables.</summary>
    Root,
}
