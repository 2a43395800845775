using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>Static files: an index.html. Nothing to install or build unless the spec gives commands; nothing to start.</summary>
internal sealed class StaticProvider : IBuildProvider
{
    public const string ProviderName = "static";

    public string Name => ProviderName;

    public bool Detect(ISourceFiles files) => files.FileExists("index.html");

    public ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics) =>
        ProviderDefaults.None("no package.json, requirements.txt or *.py, *.csproj, go.mod was found");
}
