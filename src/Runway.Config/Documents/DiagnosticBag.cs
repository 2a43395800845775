using Runway.Model;

namespace Runway.Config.Documents;

/// <summary>Collects the diagnostics of one load, in the order they were found.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount => _items.Count(d => d.IsError);

    public void Error(SourceLocation location, string message) => _items.Add(Diagnostic.Error(location, message));

    public void Warning(SourceLocation location, string message) => _items.Add(Diagnostic.Warning(location, message));

    public ValueList<Diagnostic> ToValueList() => _items.ToValueList();
}
