namespace Runway.State;

/// <summary>Whether a release's build produced something that can run.</summary>
public enum ReleaseStatus
{
    Built,
    Failed,
}

/// <summary>One numbered, immutable build of an app (<c>v7</c>).</summary>
/// <param name="Number">The release number, which is also its directory's name (<c>$RUNWAY_HOME/releases/APP/N</c>).</param>
/// <param name="Directory">The release directory holding the build output.</param>
/// <param name="SpecJson">The resolved <see cref="Runway.Model.AppSpec"/> as written by <see cref="AppSpecJson.Serialize"/>.</param>
public sealed record ReleaseRecord(
    string App,
    int Number,
    DateTimeOffset CreatedAt,
    string Directory,
    string SpecJson,
    ReleaseStatus Status)
{
    /// <summary>What the release is, for people (<c>git abc123: fix login</c>).</summary>
    public string? Description { get; init; }

    /// <summary>The release's resolved environment variables, encrypted by <see cref="Secrets.SecretVault.EncryptVariables"/> (the release number in its associated data).</summary>
    public string? EncryptedEnvironment { get; init; }
}
