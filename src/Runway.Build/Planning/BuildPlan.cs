using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>Everything needed to build and start one part of an app, decided before anything runs.</summary>
/// <param name="PartName">The service or site name; also the part's directory name inside a release.</param>
/// <param name="SourceDirectory">The part's directory relative to the app root, as the spec gives it.</param>
/// <param name="Provider">The provider whose defaults were used: node, python, dotnet, go or static.</param>
/// <param name="Phases">Phases in run order with their final commands (never empty lists).</param>
/// <param name="StartCommand">Shell command that starts one instance; null for sites.</param>
/// <param name="ProviderBuildEnvironment">The provider's variables while building (lowest layer above the inherited environment).</param>
/// <param name="ProviderRunEnvironment">The provider's variables at run time (e.g. NODE_ENV=production).</param>
/// <param name="Variables">The user's variables for this part, merged in precedence order: app, service, build.</param>
/// <param name="PathPrefixes">Directories relative to the part directory put first on PATH while building and at run time (e.g. .venv/bin).</param>
public sealed record BuildPlan(
    string PartName,
    PartKind Kind,
    string SourceDirectory,
    string Provider,
    ValueList<PlannedPhase> Phases,
    string? StartCommand,
    ValueMap ProviderBuildEnvironment,
    ValueMap ProviderRunEnvironment,
    ValueMap Variables,
    ValueList<string> PathPrefixes)
{
    /// <summary>Directories tried in order when a site names no output directory (the part directory itself comes last).</summary>
    public static ValueList<string> OutputDirectoryCandidates { get; } = ValueList.Of("dist", "build", "public", "out");

    /// <summary>The site's output directory as configured (relative to the part directory); null: the first existing
    /// of <see cref="OutputDirectoryCandidates"/> after the build, else the part directory.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The build-time environment: inherited, then the provider's build variables, then <see cref="Variables"/>; PATH gains the prefixes.</summary>
    public ValueMap ComposeBuildEnvironment(string partDirectory, IEnumerable<KeyValuePair<string, string>> inherited) =>
        Compose(partDirectory, inherited, ProviderBuildEnvironment);

    /// <summary>The run-time environment: inherited (e.g. PORT, add-on variables), then the provider's run variables,
    /// then <see cref="Variables"/>; PATH gains the prefixes.</summary>
    public ValueMap ComposeRunEnvironment(string partDirectory, IEnumerable<KeyValuePair<string, string>> inherited) =>
        Compose(partDirectory, inherited, ProviderRunEnvironment);

    /// <summary>Resolves the directory a built site serves from, given the part directory after its build.</summary>
    /// <returns>An absolute path, or null when the configured <see cref="OutputDirectory"/> does not exist.</returns>
    public string? ResolveOutputDirectory(string partDirectory)
    {
        if (OutputDirectory is not null)
        {
            var configured = Path.GetFullPath(Path.Combine(partDirectory, OutputDirectory));
            return Directory.Exists(configured) ? configured : null;
        }

        foreach (var candidate in OutputDirectoryCandidates)
        {
            var path = Path.Combine(partDirectory, candidate);
            if (Directory.Exists(path))
            {
                return Path.GetFullPath(path);
            }
        }

        return Path.GetFullPath(partDirectory);
    }

    private ValueMap Compose(string partDirectory, IEnumerable<KeyValuePair<string, string>> inherited, ValueMap providerEnvironment) =>
        WithPathPrefixes(partDirectory, new ValueMap(inherited).With(providerEnvironment).With(Variables));

    /// <summary>Puts <see cref="PathPrefixes"/>, made absolute under <paramref name="partDirectory"/>, first on the PATH of
    /// <paramref name="environment"/>.</summary>
    public ValueMap WithPathPrefixes(string partDirectory, ValueMap environment) => PrependPaths(partDirectory, PathPrefixes, environment);

    /// <summary>Puts <paramref name="prefixes"/> (relative to <paramref name="partDirectory"/>) before the environment's PATH.</summary>
    public static ValueMap PrependPaths(string partDirectory, IReadOnlyCollection<string> prefixes, ValueMap environment)
    {
        if (prefixes.Count == 0)
        {
            return environment;
        }

        var absolute = prefixes.Select(prefix => Path.GetFullPath(Path.Combine(partDirectory, prefix)));
        var path = environment.TryGetValue("PATH", out var existing) && existing.Length > 0
            ? string.Join(Path.PathSeparator, absolute.Append(existing))
            : string.Join(Path.PathSeparator, absolute);
        return environment.With("PATH", path);
    }
}
