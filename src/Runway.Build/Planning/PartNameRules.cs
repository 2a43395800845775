using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>Part names become directory names inside a release: each must be a plain, unique file name that is not
/// one of the release's own files.</summary>
internal static class PartNameRules
{
    public static IEnumerable<Diagnostic> Check(AppSpec app)
    {
        var location = new SourceLocation(app.RootDirectory);
        if (!IsPlainName(app.Name))
        {
            yield return Diagnostic.Error(location, $"app name '{app.Name}' cannot be used as a directory name; use letters, digits, '-', '_' or '.'");
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = app.Services.Select(s => (s.Name, Kind: "service", Location: s.DefinedAt ?? location))
            .Concat(app.Sites.Select(s => (s.Name, Kind: "site", Location: location)));
        foreach (var (name, kind, partLocation) in parts)
        {
            if (!IsPlainName(name))
            {
                yield return Diagnostic.Error(partLocation, $"{kind} name '{name}' cannot be used as a directory name; use letters, digits, '-', '_' or '.'");
            }
            else if (seen.TryGetValue(name, out var other))
            {
                yield return Diagnostic.Error(partLocation, $"{kind} '{name}' has the same name as a {other}; give each service and site its own name");
            }
            else
            {
                seen[name] = kind;
            }
        }
    }

    public static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 100
        && name != "." && name != ".."
        && !name.StartsWith('.')
        && name is not ("release.json" or "build.log")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
