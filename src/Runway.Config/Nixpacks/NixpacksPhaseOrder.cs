using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Nixpacks;

/// <summary>A declared phase for ordering: its name, what it depends on, and where it was written.</summary>
internal sealed record NixpacksPhaseNode(string Name, IReadOnlyList<string> DependsOn, SourceLocation Location);

/// <summary>
/// Orders nixpacks phases by <c>dependsOn</c> (Nixpacks runs phases in dependency order; its providers make
/// install depend on setup and build on install). Ties keep setup, install, build first, then file order.
/// </summary>
internal static class NixpacksPhaseOrder
{
    public const string Setup = "setup";

    public static readonly string[] StandardPhases = [Setup, BuildSpec.InstallPhase, BuildSpec.BuildPhaseName];

    /// <summary>The dependencies a standard phase has when the file does not say (what "..." stands for in dependsOn).</summary>
    public static IReadOnlyList<string> DefaultDependencies(string phase) => phase switch
    {
        BuildSpec.InstallPhase => [Setup],
        BuildSpec.BuildPhaseName => [BuildSpec.InstallPhase],
        _ => [],
    };

    /// <summary>Phase names in run order; null when dependsOn forms a cycle (an error is added).</summary>
    public static IReadOnlyList<string>? Sort(IReadOnlyList<NixpacksPhaseNode> declared, string path, DiagnosticBag diagnostics)
    {
        var nodes = StandardPhases
            .Where(name => declared.All(d => d.Name != name))
            .Select(name => new NixpacksPhaseNode(name, DefaultDependencies(name), new SourceLocation("")))
            .Concat(declared)
            .OrderBy(n => Rank(n.Name, declared))
            .ToList();
        var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var known = new List<string>();
            foreach (var dependency in node.DependsOn.Distinct(StringComparer.Ordinal))
            {
                if (names.Contains(dependency))
                {
                    known.Add(dependency);
                }
                else
                {
                    diagnostics.Warning(node.Location, $"{path}.{node.Name}.dependsOn names phase \"{dependency}\", which does not exist; it is ignored");
                }
            }

            edges[node.Name] = known;
        }

        var order = new List<string>();
        var remaining = nodes.ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(n => edges[n.Name].All(order.Contains));
            if (next is null)
            {
                var cycle = string.Join(", ", remaining.Select(n => n.Name));
                var first = remaining.FirstOrDefault(n => n.Location.File.Length > 0) ?? remaining[0];
                diagnostics.Error(first.Location, $"{path}: dependsOn forms a cycle among phases {cycle}; remove one of the dependencies");
                return null;
            }

            order.Add(next.Name);
            remaining.Remove(next);
        }

        return order;
    }

    private static int Rank(string name, IReadOnlyList<NixpacksPhaseNode> declared)
    {
        var standard = Array.IndexOf(StandardPhases, name);
        if (standard >= 0)
        {
            return standard;
        }

        var index = 0;
        foreach (var node in declared)
        {
            if (node.Name == name)
            {
                break;
            }

            index++;
        }

        return StandardPhases.Length + index;
    }
}
