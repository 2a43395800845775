using System.Collections;
using System.Collections.Immutable;

namespace Runway.State;

/// <summary>Replica counts by service name (<c>runway scale web=3 worker=0</c>): immutable, ordered by name (ordinal),
/// compared by value so records holding it compare by content.</summary>
public readonly struct ScaleOverrides : IReadOnlyDictionary<string, int>, IEquatable<ScaleOverrides>
{
    private readonly ImmutableSortedDictionary<string, int>? _items;

    /// <summary>Builds the overrides; a service name must not be blank and a count must not be negative.</summary>
    public ScaleOverrides(IEnumerable<KeyValuePair<string, int>> items)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (service, replicas) in items)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(service, nameof(items));
            ArgumentOutOfRangeException.ThrowIfNegative(replicas, nameof(items));
            builder[service] = replicas;
        }

        _items = builder.ToImmutable();
    }

    public static ScaleOverrides Empty => new([]);

    private ImmutableSortedDictionary<string, int> Items => _items ?? ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);

    public int Count => Items.Count;

    public bool IsEmpty => Items.IsEmpty;

    public int this[string key] => Items[key];

    public IEnumerable<string> Keys => Items.Keys;

    public IEnumerable<int> Values => Items.Values;

    public bool ContainsKey(string key) => Items.ContainsKey(key);

    public bool TryGetValue(string key, out int value) => Items.TryGetValue(key, out value);

    /// <summary>Returns overrides where <paramref name="service"/> has <paramref name="replicas"/>.</summary>
    public ScaleOverrides With(string service, int replicas) => new(Items.SetItem(service, replicas));

    /// <summary>Returns overrides without an entry for <paramref name="service"/> (the spec's count applies again).</summary>
    public ScaleOverrides Without(string service) => new(Items.Remove(service));

    public IEnumerator<KeyValuePair<string, int>> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ScaleOverrides other) => Items.Count == other.Items.Count && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is ScaleOverrides other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (service, replicas) in Items)
        {
            hash.Add(service);
            hash.Add(replicas);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ScaleOverrides left, ScaleOverrides right) => left.Equals(right);

    public static bool operator !=(ScaleOverrides left, ScaleOverrides right) => !left.Equals(right);

    public override string ToString() => string.Join(" ", Items.Select(i => $"{i.Key}={i.Value}"));
}
