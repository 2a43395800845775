using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Nixpacks;

/// <summary>
/// Nixpacks' environment overrides: <c>NIXPACKS_INSTALL_CMD</c>, <c>NIXPACKS_BUILD_CMD</c>, <c>NIXPACKS_START_CMD</c>
/// win over nixpacks.toml (priority: provider defaults &lt; file &lt; environment), and <c>NIXPACKS_CONFIG_FILE</c> names the file.
/// </summary>
internal static class NixpacksEnvironment
{
    public const string InstallCommand = "NIXPACKS_INSTALL_CMD";
    public const string BuildCommand = "NIXPACKS_BUILD_CMD";
    public const string StartCommand = "NIXPACKS_START_CMD";
    public const string ConfigFile = "NIXPACKS_CONFIG_FILE";

    public static ServiceLayer Layer(IReadOnlyDictionary<string, string> variables)
    {
        var layer = ServiceLayer.Empty;
        if (Value(variables, InstallCommand) is { } install)
        {
            layer = layer.WithPhase(BuildSpec.InstallPhase, ValueList.Of(install));
        }

        if (Value(variables, BuildCommand) is { } build)
        {
            layer = layer.WithPhase(BuildSpec.BuildPhaseName, ValueList.Of(build));
        }

        return Value(variables, StartCommand) is { } start ? layer with { StartCommand = start } : layer;
    }

    public static string? Value(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
