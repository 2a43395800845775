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
    private readonly Dictionary<string, TomlValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TomlPosition> _keyPositions = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public override TomlValueKind Kind => TomlValueKind.Table;

    /// <summary>How the table came to exist; the parser uses it to reject redefinitions.</summary>
    internal TomlTableOrigin Origin { get; set; }

    /// <summary>Where the table was defined (its header, or where it was first created); used in redefinition messages.</summary>
    internal TomlPosition DefinedAt { get; set; }

    public int Count => _order.Count;

    public IEnumerable<string> Keys => _order;

    public TomlValue this[string key] => _values[key];

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out TomlValue value) => _values.TryGetValue(key, out value!);

    /// <summary>Where the key was written (falls back to the value's position).</summary>
    public TomlPosition KeyPosition(string key) => _keyPositions.TryGetValue(key, out var position) ? position : _values[key].Position;

    internal void Add(string key, TomlValue value, TomlPosition keyPosition)
    {
        _values.Add(key, value);
        _keyPositions[key] = keyPosition;
        _order.Add(key);
    }

    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<string, TomlValue>(key, _values[key]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
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
