using System.Text.RegularExpressions;
using Runway.Model;

namespace Runway.Runtime.Variables;

/// <summary>Variables after references were replaced, and what could not be resolved.</summary>
public sealed record VariableResolution(ValueMap Variables, ValueList<Diagnostic> Diagnostics);

/// <summary>Resolves Railway's reference variables: <c>${{ service.VAR }}</c> (another service's or an add-on's variable),
/// <c>${{ shared.VAR }}</c> (the app's shared variables) and <c>${{ VAR }}</c> (a variable of the same service); spaces
/// inside the braces are allowed and references may be embedded in text (<c>https://${{ api.HOST }}/v1</c>).
/// Referenced values are resolved in turn. An unknown service or variable, or a cycle, gives an empty value and a
/// warning naming the variable and the reference (Railway deploys with such a value empty; inferred).</summary>
public sealed partial class VariableReferenceResolver
{
    /// <summary>The scope name of the app's shared variables.</summary>
    public const string SharedScope = "shared";

    private readonly Scope _shared;
    private readonly Dictionary<string, Scope> _sources;

    /// <param name="shared">The app's shared variables (<c>${{ shared.VAR }}</c>).</param>
    /// <param name="sources">Variables of each service and add-on by name (names compare case-insensitively).</param>
    public VariableReferenceResolver(ValueMap shared, IReadOnlyDictionary<string, ValueMap> sources)
    {
        _shared = new Scope("shared variables", SharedScope, shared);
        _sources = new Dictionary<string, Scope>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, variables) in sources)
        {
            _sources[name] = new Scope($"service '{name}'", name, variables);
        }
    }

    /// <summary>Resolves every reference in <paramref name="variables"/>, the variables of service <paramref name="serviceName"/>
    /// (what <c>${{ VAR }}</c> and <c>${{ serviceName.VAR }}</c> read, so an instance's own PORT can be among them).</summary>
    /// <param name="location">Where the service is defined, for the diagnostics.</param>
    public VariableResolution Resolve(string serviceName, ValueMap variables, SourceLocation location)
    {
        var run = new Resolution(this, new Scope($"service '{serviceName}'", serviceName, variables), location);
        var resolved = variables.Select(pair => KeyValuePair.Create(pair.Key, run.Variable(run.Self, pair.Key)));
        return new VariableResolution(new ValueMap(resolved), run.Diagnostics.ToValueList());
    }

    /// <summary>True when <paramref name="text"/> contains a <c>${{ … }}</c> reference.</summary>
    public static bool ContainsReference(string text) => text.Contains("${{", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^\s*(?:(?<source>[^\s.{}]+)\s*\.\s*)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceBody();

    /// <summary>A set of variables references can read; compared by reference, not content.</summary>
    private sealed class Scope(string description, string name, ValueMap raw)
    {
        public string Description { get; } = description;

        public string Name { get; } = name;

        public ValueMap Raw { get; } = raw;
    }

    /// <summary>One call of <see cref="Resolve"/>: memoized values, the reference chain for cycle detection, diagnostics.</summary>
    private sealed class Resolution(VariableReferenceResolver resolver, Scope self, SourceLocation location)
    {
        private readonly Dictionary<(Scope Scope, string Name), string> _done = [];
        private readonly HashSet<(Scope Scope, string Name)> _inProgress = [];
        private readonly HashSet<Diagnostic> _seen = [];

        public Scope Self { get; } = self;

        public List<Diagnostic> Diagnostics { get; } = [];

        public string Variable(Scope scope, string name)
        {
            if (_done.TryGetValue((scope, name), out var value))
            {
                return value;
            }

            if (!_inProgress.Add((scope, name)))
            {
                Warn($"variable {name} of {scope.Description} refers back to itself through references; its value is left empty. Break the cycle");
                return "";
            }

            value = Substitute(scope, name, scope.Raw[name]);
            _inProgress.Remove((scope, name));
            _done[(scope, name)] = value;
            return value;
        }

        private string Substitute(Scope scope, string variable, string text)
        {
            if (!ContainsReference(text))
            {
                return text;
            }

            return ReferencePattern().Replace(text, match =>
            {
                var reference = match.Value;
                var body = ReferenceBody().Match(match.Groups[1].Value);
                if (!body.Success)
                {
                    Warn($"variable {variable} of {scope.Description}: {reference} is not a reference and is kept as written. Write ${{{{ service.VAR }}}}, ${{{{ shared.VAR }}}} or ${{{{ VAR }}}}");
                    return reference;
                }

                var target = Target(scope, body.Groups["source"].Success ? body.Groups["source"].Value : null);
                var name = body.Groups["name"].Value;
                if (target is null)
                {
                    var known = string.Join(", ", resolver._sources.Keys.Order(StringComparer.Ordinal).Append(SharedScope));
                    Warn($"variable {variable} of {scope.Description} references {reference}, but there is no service or add-on named '{body.Groups["source"].Value}' (known: {known}); its value is left empty");
                    return "";
                }

                if (!target.Raw.ContainsKey(name))
                {
                    Warn($"variable {variable} of {scope.Description} references {reference}, but {target.Description} has no variable {name}; its value is left empty. Define {name} there or fix the reference");
                    return "";
                }

                return Variable(target, name);
            });
        }

        /// <summary>The scope a reference reads: its own scope without a prefix, the shared variables, or a named source
        /// (the service being resolved reads its own instance variables, not its shared definition).</summary>
        private Scope? Target(Scope scope, string? source) => source switch
        {
            null => scope,
            _ when source.Equals(SharedScope, StringComparison.OrdinalIgnoreCase) => resolver._shared,
            _ when source.Equals(Self.Name, StringComparison.OrdinalIgnoreCase) => Self,
            _ => resolver._sources.GetValueOrDefault(source),
        };

        private void Warn(string message)
        {
            var diagnostic = Diagnostic.Warning(location, message);
            if (_seen.Add(diagnostic))
            {
                Diagnostics.Add(diagnostic);
            }
        }
    }
}
