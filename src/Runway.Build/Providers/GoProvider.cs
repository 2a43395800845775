using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>Go: a go.mod. Builds one static binary, as Nixpacks' go provider does (CGO disabled).</summary>
internal sealed class GoProvider : IBuildProvider
{
    public string Name => "go";

    public bool Detect(ISourceFiles files) => files.FileExists("go.mod");

    public ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics) =>
        new(
            ValueList.Of(new PlannedPhase(BuildSpec.BuildPhaseName, ValueList.Of("go build -o out/app ."))),
            "./out/app",
            "there is no go.mod",
            new ValueMap([new("CGO_ENABLED", "0")]),
            ValueMap.Empty,
            ValueList<string>.Empty);
}
