namespace Runway.Edge.Hosting;

/// <summary>Every app the edge serves at one moment; replaced whole when an app changes, so a request sees one consistent set.</summary>
internal sealed class EdgeSnapshot
{
    private readonly Dictionary<string, CompiledApp> _byName;

    public EdgeSnapshot(IEnumerable<CompiledApp> apps)
    {
        Apps = apps.ToList();
        _byName = Apps.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static EdgeSnapshot Empty { get; } = new([]);

    public IReadOnlyList<CompiledApp> Apps { get; }

    public bool TryGetApp(string name, out CompiledApp app) => _byName.TryGetValue(name, out app!);

    /// <summary>By name, case-insensitively, without making a string of the name first.</summary>
    public bool TryGetApp(ReadOnlySpan<char> name, out CompiledApp app) => _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out app!);

    public EdgeSnapshot With(CompiledApp app) => new(Without(app.Name).Apps.Append(app));

    public EdgeSnapshot Without(string name) => new(Apps.Where(a => !string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)));
}
