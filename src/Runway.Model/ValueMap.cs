using System.Collections;
using System.Collections.Immutable;

namespace Runway.Model;

/// <summary>An immutable string map, ordered by key (ordinal), with value equality.</summary>
public readonly struct ValueMap : IReadOnlyDictionary<string, string>, IEquatable<ValueMap>
{
    private readonly ImmutableSortedDictionary<string, string>? _items;

    public ValueMap(IEnumerable<KeyValuePair<string, string>> items)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            builder[key] = value;
        }

        _items = builder.ToImmutable();
    }

    public static ValueMap Empty => new([]);

    private ImmutableSortedDictionary<string, string> Items => _items ?? ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    public int Count => Items.Count;

    public bool IsEmpty => Items.IsEmpty;

    public string this[string key] => Items[key];

    public IEnumerable<string> Keys => Items.Keys;

    public IEnumerable<string> Values => Items.Values;

    public bool ContainsKey(string key) => Items.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => Items.TryGetValue(key, out value!);

    /// <summary>Returns a map with <paramref name="overrides"/> laid over this one (overrides win).</summary>
    public ValueMap With(IEnumerable<KeyValuePair<string, string>> overrides) => new(Items.SetItems(overrides));

    public ValueMap With(string key, string value) => new(Items.SetItem(key, value));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap other) => Items.Count == other.Items.Count && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is ValueMap other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Items)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ValueMap left, ValueMap right) => left.Equals(right);

    public static bool operator !=(ValueMap left, ValueMap right) => !left.Equals(right);
}
