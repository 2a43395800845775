namespace Runway.Model;

/// <summary>How to build one part of an app.</summary>
/// <param name="Provider">node, python, dotnet, go or static; null to detect from the files.</param>
/// <param name="Phases">Build phases in run order. A phase whose commands are null uses the provider's default;
/// the element <see cref="ProviderDefault"/> inside a list splices the provider's default commands in (Nixpacks' "...").</param>
/// <param name="Variables">Variables set while building and at run time (nixpacks.toml [variables]).</param>
public sealed record BuildSpec(
    string? Provider,
    ValueList<BuildPhase> Phases,
    ValueMap Variables)
{
    public const string ProviderDefault = "...";

    public const string InstallPhase = "install";

    public const string BuildPhaseName = "build";

    /// <summary>Directory (relative to the service directory) whose contents are the static output.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Railway's builder choice as written (RAILPACK, NIXPACKS, DOCKERFILE), upper-cased.</summary>
    public string? Builder { get; init; }

    public string? DockerfilePath { get; init; }

    /// <summary>The default: detect the provider and run its install and build phases.</summary>
    public static BuildSpec Default { get; } = new(null, ValueList.Of(new BuildPhase(InstallPhase, null), new BuildPhase(BuildPhaseName, null)), ValueMap.Empty);

    public BuildPhase? Phase(string name) => Phases.FirstOrDefault(p => p.Name == name);

    /// <summary>Returns a copy where the named phase has the given commands (added at the end when missing).</summary>
    public BuildSpec WithPhase(string name, ValueList<string>? commands)
    {
        var phase = new BuildPhase(name, commands);
        if (Phase(name) is null)
        {
            return this with { Phases = Phases.Add(phase) };
        }

        return this with { Phases = Phases.Select(p => p.Name == name ? phase : p).ToValueList() };
    }
}

/// <summary>One build phase: a name and its shell commands (null: the provider's default).</summary>
public sealed record BuildPhase(string Name, ValueList<string>? Commands);
