using System.Text.Json.Serialization;

namespace Runway.Addons.Backups;

/// <summary>What is known about one finished backup; stored beside it as <c>&lt;id&gt;.json</c> (and beside its S3 copy).
/// <paramref name="SizeBytes"/> and <paramref name="Sha256"/> (lowercase hex) describe the file as stored, so the file can
/// be checked with <c>sha256sum</c> without decompressing it.</summary>
/// <param name="Kind">"postgres" (a <c>pg_dump -Fc</c> archive) or "redis" (an RDB snapshot).</param>
/// <param name="Release">The app's release that was live when the backup was taken, when known.</param>
/// <param name="FileName">The stored file's name, e.g. <c>20260101T020000123Z-3fa2c1.dump.gz</c>.</param>
public sealed record BackupMetadata(
    string Id,
    string App,
    string Addon,
    string Kind,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    long SizeBytes,
    string Sha256,
    int? Release,
    string FileName)
{
    /// <summary>"gzip" when Runway compressed the dump, "none" when it is stored as produced (pg_dump -Fc is already compressed).</summary>
    public string Compression { get; init; } = BackupCompression.Gzip;

    /// <summary>How many bytes the producer wrote, before compression.</summary>
    public long RawSizeBytes { get; init; }

    /// <summary>What the add-on held when the backup was taken (row counts and checksums, key counts and digest); null for
    /// backups taken before manifests were recorded, which still restore but can only be checked for restoring.</summary>
    public BackupManifest? Manifest { get; init; }

    /// <summary>Why the backup was taken when it was not an ordinary one, e.g. the safety backup before a restore.</summary>
    public string? Note { get; init; }

    /// <summary>The last time the backup was restored into a scratch copy and compared with its manifest.</summary>
    public BackupVerification? LastVerification { get; init; }
}

/// <summary>One verification: when, whether the scratch restore matched the manifest, and what was found.</summary>
public sealed record BackupVerification(DateTimeOffset At, bool Passed, string Detail);

/// <summary>The values of <see cref="BackupMetadata.Compression"/>.</summary>
public static class BackupCompression
{
    public const string Gzip = "gzip";
    public const string None = "none";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BackupMetadata))]
internal sealed partial class BackupMetadataJson : JsonSerializerContext;
