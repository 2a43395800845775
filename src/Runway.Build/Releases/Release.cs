namespace Runway.Build.Releases;

/// <summary>A numbered release directory: <c>$RUNWAY_HOME/releases/&lt;app&gt;/&lt;n&gt;</c>, one subdirectory per part.</summary>
public sealed record Release(string App, int Number, string Directory)
{
    public const string MetadataFileName = "release.json";

    public const string BuildLogFileName = "build.log";

    public string MetadataPath => Path.Combine(Directory, MetadataFileName);

    public string BuildLogPath => Path.Combine(Directory, BuildLogFileName);

    /// <summary>The directory holding the part's copied source and build output; instances run here.</summary>
    public string PartDirectory(string partName) => Path.Combine(Directory, partName);

    public override string ToString() => $"{App} v{Number}";
}
