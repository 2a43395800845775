using Runway.Build.Providers;
using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>Combines the spec's phases with the provider's defaults (Nixpacks semantics).</summary>
internal static class PhaseResolver
{
    /// <summary>
    /// A spec phase with null commands takes the provider's default; a list replaces it, except that the element "..."
    /// splices the provider's default commands in at that place. Provider phases the spec does not mention keep their
    /// defaults and their place before the spec phases the provider orders after them. Phases left without commands are dropped.
    /// </summary>
    public static ValueList<PlannedPhase> Resolve(ValueList<BuildPhase> specPhases, ValueList<PlannedPhase> providerPhases)
    {
        var providerOrder = providerPhases.Select(p => p.Name).ToList();
        var mentioned = specPhases.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var pending = new Queue<PlannedPhase>(providerPhases.Where(p => !mentioned.Contains(p.Name)));
        var result = new List<PlannedPhase>();

        foreach (var phase in specPhases)
        {
            var position = providerOrder.IndexOf(phase.Name);
            while (position >= 0 && pending.Count > 0 && providerOrder.IndexOf(pending.Peek().Name) < position)
            {
                result.Add(pending.Dequeue());
            }

            var defaults = providerPhases.FirstOrDefault(p => p.Name == phase.Name)?.Commands ?? ValueList<string>.Empty;
            result.Add(new PlannedPhase(phase.Name, Commands(phase.Commands, defaults)));
        }

        result.AddRange(pending);
        return result.Where(p => !p.Commands.IsEmpty).ToValueList();
    }

    private static ValueList<string> Commands(ValueList<string>? commands, ValueList<string> defaults)
    {
        if (commands is null)
        {
            return defaults;
        }

        return commands.Value
            // Not a collection expression: ValueList<T> has no collection builder, so [command] would build an empty list.
            .SelectMany(command => command.Trim() == BuildSpec.ProviderDefault ? defaults : Enumerable.Repeat(command, 1))
            .Select(command => command.Trim())
            .Where(command => command.Length > 0)
            .ToValueList();
    }
}
