namespace Runway.Edge.Routing.Runtime;

/// <summary>Values a route's <c>has</c> conditions captured for <c>$name</c> references (named groups, key-only items, host).</summary>
internal sealed class RouteParameters
{
    public static readonly RouteParameters None = new(null);

    private readonly List<KeyValuePair<string, string>>? _values;

    private RouteParameters(List<KeyValuePair<string, string>>? values) => _values = values;

    public static RouteParameters Create() => new([]);

    public bool IsEmpty => _values is null || _values.Count == 0;

    /// <summary>Sets a value; a later condition's capture replaces an earlier one of the same name.</summary>
    public void Set(string name, string value)
    {
        var values = _values ?? throw new InvalidOperationException("RouteParameters.None is read-only");
        var index = values.FindIndex(v => v.Key == name);
        if (index >= 0)
        {
            values[index] = new(name, value);
        }
        else
        {
            values.Add(new(name, value));
        }
    }

    public string? Find(string name)
    {
        if (_values is null)
        {
            return null;
        }

        foreach (var (key, value) in _values)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
