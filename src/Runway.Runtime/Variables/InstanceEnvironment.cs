using System.Collections;
using Runway.Model;

namespace Runway.Runtime.Variables;

/// <summary>Builds the complete environment of an instance: what it inherits from Runway's own environment, then the
/// service's resolved variables, then PORT.</summary>
public static class InstanceEnvironment
{
    /// <summary>The variables of <paramref name="current"/> (Runway's own environment when null) whose names are in
    /// <paramref name="names"/>; a name ending in '*' matches every variable with that prefix (<c>LC_*</c>).</summary>
    public static ValueMap Inherited(IReadOnlyList<string> names, IDictionary? current = null)
    {
        current ??= System.Environment.GetEnvironmentVariables();
        var inherited = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in current)
        {
            if (entry.Key is string name && entry.Value is string value && names.Any(pattern => Matches(pattern, name)))
            {
                inherited.Add(KeyValuePair.Create(name, value));
            }
        }

        return new ValueMap(inherited);
    }

    /// <summary>Lays <paramref name="variables"/> over <paramref name="inherited"/> and sets PORT when there is a port.</summary>
    public static ValueMap Compose(ValueMap inherited, ValueMap variables, int? port)
    {
        var environment = inherited.With(variables);
        return port is { } value ? environment.With("PORT", value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : environment;
    }

    private static bool Matches(string pattern, string name) => pattern.EndsWith('*')
        ? name.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : string.Equals(pattern, name, StringComparison.Ordinal);
}
