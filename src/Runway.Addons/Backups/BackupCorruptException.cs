namespace Runway.Addons.Backups;

/// <summary>A backup file whose SHA-256 is not the one recorded when it was written: it is refused, nothing is restored from it.</summary>
public sealed class BackupCorruptException : IOException
{
    public BackupCorruptException(string file, string expectedSha256, string actualSha256)
        : base($"backup file {file} is corrupt: its SHA-256 is {actualSha256} but {expectedSha256} was recorded when it was written; " +
            "it was refused and nothing was restored from it (restore an older backup or the S3 copy)")
    {
        File = file;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public string File { get; }

    public string ExpectedSha256 { get; }

    public string ActualSha256 { get; }
}
