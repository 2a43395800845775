namespace Runway.Build.Providers;

/// <summary>The known providers in detection order: dotnet, node, python, go, then static.</summary>
internal sealed class ProviderRegistry
{
    private readonly IReadOnlyList<IBuildProvider> _providers =
        [new DotnetProvider(), new NodeProvider(), new PythonProvider(), new GoProvider(), new StaticProvider()];

    public IEnumerable<string> Names => _providers.Select(p => p.Name);

    public IBuildProvider Static => ByName(StaticProvider.ProviderName)!;

    public IBuildProvider Node => ByName("node")!;

    /// <summary>The provider with this name (case-insensitive), or null.</summary>
    public IBuildProvider? ByName(string name) =>
        _providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first provider that recognises the directory, or null.</summary>
    public IBuildProvider? Detect(ISourceFiles files) => _providers.FirstOrDefault(p => p.Detect(files));
}
