using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>One language or framework Runway knows how to build: how to recognise it and its default commands.</summary>
internal interface IBuildProvider
{
    /// <summary>The name used in <see cref="BuildSpec.Provider"/> (node, python, dotnet, go, static).</summary>
    string Name { get; }

    /// <summary>Whether the directory looks like this provider's kind of project.</summary>
    bool Detect(ISourceFiles files);

    /// <summary>The default phases, start command and environment for the directory.</summary>
    /// <param name="diagnostics">Receives problems found in the project files (invalid package.json, ambiguous project).</param>
    ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics);
}
