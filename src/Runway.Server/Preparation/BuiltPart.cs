using Runway.Build;
using Runway.Build.Planning;
using Runway.Build.Releases;
using Runway.Model;

namespace Runway.Server.Preparation;

/// <summary>One part of a built release, as much of it as running it needs.</summary>
/// <param name="Directory">The part's directory in the release.</param>
/// <param name="OutputDirectory">For a site: the absolute directory to serve.</param>
internal sealed record BuiltPart(
    string Name,
    string Directory,
    string? OutputDirectory,
    string? StartCommand,
    ValueMap ProviderRunEnvironment,
    ValueList<string> PathPrefixes)
{
    public static BuiltPart From(PartBuildResult built) =>
        new(built.Plan.PartName, built.Directory, built.OutputDirectory, built.Plan.StartCommand, built.Plan.ProviderRunEnvironment, built.Plan.PathPrefixes);

    /// <summary>A part as release.json recorded it when the release was built.</summary>
    public static BuiltPart From(Release release, ReleasePart part)
    {
        var directory = release.PartDirectory(part.Name);
        var output = part.Kind == PartKind.Site && part.OutputDirectory is { } relative
            ? Path.GetFullPath(Path.Combine(directory, relative))
            : null;
        return new BuiltPart(part.Name, directory, output, part.StartCommand, new ValueMap(part.ProviderRunEnvironment), part.PathPrefixes.ToValueList());
    }
}
