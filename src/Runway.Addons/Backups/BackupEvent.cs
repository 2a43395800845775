namespace Runway.Addons.Backups;

/// <summary>Something that happened to an add-on's backups, for the app's event log; <see cref="IsAlert"/> ones also
/// need someone's attention (a failed backup is never silent).</summary>
/// <param name="Backup">The backup concerned, when there is one (a failed backup has none).</param>
public sealed record BackupEvent(string App, string Addon, BackupEventKind Kind, string Message, BackupMetadata? Backup = null)
{
    public bool IsAlert => Kind is BackupEventKind.Failed or BackupEventKind.UploadFailed or BackupEventKind.PruneFailed or BackupEventKind.VerifyFailed;
}

public enum BackupEventKind
{
    /// <summary>A backup was taken and stored locally.</summary>
    Created,

    /// <summary>A backup could not be taken; nothing of it was kept.</summary>
    Failed,

    /// <summary>A backup was copied to S3.</summary>
    Uploaded,

    /// <summary>A backup could not be copied to S3; the local backup is kept.</summary>
    UploadFailed,

    /// <summary>Retention deleted a backup (locally or its S3 copy).</summary>
    Pruned,

    /// <summary>Retention could not delete a backup.</summary>
    PruneFailed,

    /// <summary>A backup did not restore, or the restored copy differs from its manifest (or there was none to verify).</summary>
    VerifyFailed,
}
