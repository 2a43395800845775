using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Vercel;

/// <summary>vercel.json as Runway uses it: how to build the site and how to route it.</summary>
internal sealed record VercelConfig(
    string? BuildCommand,
    string? InstallCommand,
    string? OutputDirectory,
    string? Framework,
    ValueMap BuildEnvironment,
    VercelRouting Routing)
{
    public static VercelConfig Empty { get; } = new(null, null, null, null, ValueMap.Empty, VercelRouting.None);

    /// <summary>The build part as a layer. An empty command means "skip this step" on Vercel: a phase with no commands.</summary>
    public ServiceLayer ToLayer()
    {
        var layer = ServiceLayer.Empty with
        {
            OutputDirectory = OutputDirectory ?? VercelFrameworks.DefaultOutputDirectory(Framework),
            BuildVariables = BuildEnvironment,
        };
        if (InstallCommand is not null)
        {
            layer = layer.WithPhase(BuildSpec.InstallPhase, Commands(InstallCommand));
        }

        if (BuildCommand is not null)
        {
            layer = layer.WithPhase(BuildSpec.BuildPhaseName, Commands(BuildCommand));
        }

        return layer;
    }

    private static ValueList<string> Commands(string command) =>
        string.IsNullOrWhiteSpace(command) ? ValueList<string>.Empty : ValueList.Of(command);
}
