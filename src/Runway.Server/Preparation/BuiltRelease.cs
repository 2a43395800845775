using Runway.Build;
using Runway.Build.Releases;
using Runway.Model;

namespace Runway.Server.Preparation;

/// <summary>An app's spec with the release it was built into: everything needed to start it, now or after a restart.</summary>
internal sealed record BuiltRelease(AppSpec App, Release Release, ValueList<BuiltPart> Parts)
{
    public static BuiltRelease From(AppSpec app, AppBuildResult build) =>
        new(app, build.Release ?? throw new ArgumentException("the build has no release", nameof(build)), build.Parts.Select(BuiltPart.From).ToValueList());

    /// <summary>A release built earlier, from its release.json; null when that file is missing or the build did not complete.</summary>
    public static BuiltRelease? FromStore(AppSpec app, ReleaseStore store, int number)
    {
        var release = store.Find(app.Name, number);
        var metadata = release is null ? null : store.ReadMetadata(release);
        if (release is null || metadata is not { Status: ReleaseStatus.Complete })
        {
            return null;
        }

        return new BuiltRelease(app, release, metadata.Parts.Select(p => BuiltPart.From(release, p)).ToValueList());
    }

    public BuiltPart Part(string name) => Parts.First(p => p.Name == name);
}
