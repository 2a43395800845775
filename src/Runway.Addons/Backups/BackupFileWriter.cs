using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Runway.Addons.Backups;

/// <summary>Writes a backup's files so that a reader sees either nothing or a complete file: each is written to a hidden
/// <c>.NAME.partial</c> beside its final name, flushed to disk, then renamed (rename is atomic within a directory).</summary>
internal static class BackupFileWriter
{
    internal sealed record Written(long SizeBytes, long RawSizeBytes, string Sha256);

    public static string PartialPath(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + BackupNames.PartialSuffix);

    /// <summary>Runs <paramref name="produce"/> into <paramref name="finalPath"/>, gzip-compressing when asked, hashing the
    /// stored bytes while they are written. On any failure (the producer's included) the partial file is removed.</summary>
    public static async Task<Written> WriteDumpAsync(string finalPath, bool compress, Func<Stream, CancellationToken, Task> produce, CancellationToken ct)
    {
        var partial = PartialPath(finalPath);
        try
        {
            Written written;
            await using (var file = CreateNew(partial))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var stored = new DigestingWriteStream(file, sha, leaveOpen: true);
                long raw;
                if (compress)
                {
                    await using (var gzip = new GZipStream(stored, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        raw = await ProduceAsync(gzip, produce, ct);
                    }
                }
                else
                {
                    raw = await ProduceAsync(stored, produce, ct);
                }

                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                written = new Written(stored.BytesWritten, raw, Convert.ToHexStringLower(sha.GetHashAndReset()));
            }

            File.Move(partial, finalPath, overwrite: false);
            return written;
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>Writes the metadata JSON beside the dump, the same way (temp, flush, rename).</summary>
    public static void WriteMetadata(string finalPath, BackupMetadata backup)
    {
        var partial = PartialPath(finalPath);
        try
        {
            using (var file = CreateNew(partial))
            {
                JsonSerializer.Serialize(file, backup, BackupMetadataJson.Default.BackupMetadata);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, finalPath, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>Copies an existing file into place (temp, flush, rename), checking its SHA-256 on the way.</summary>
    public static async Task CopyVerifiedAsync(string source, string finalPath, string expectedSha256, CancellationToken ct)
    {
        var partial = PartialPath(finalPath);
        try
        {
            await using (var input = FileDigest.OpenRead(source))
            await using (var file = CreateNew(partial))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var hashing = new DigestingWriteStream(file, sha, leaveOpen: true))
                {
                    await input.CopyToAsync(hashing, ct);
                }

                var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (!FileDigest.SameHash(actual, expectedSha256))
                {
                    throw new BackupCorruptException(source, expectedSha256, actual);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(partial, finalPath, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: a leftover partial file is hidden from listings and removed by RemoveIncomplete
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<long> ProduceAsync(Stream target, Func<Stream, CancellationToken, Task> produce, CancellationToken ct)
    {
        await using var counting = new DigestingWriteStream(target, hash: null, leaveOpen: true);
        await produce(counting, ct);
        ct.ThrowIfCancellationRequested();
        if (counting.BytesWritten == 0)
        {
            // An empty dump is a failed backup, not a good one: counting it would let retention delete real backups.
            throw new InvalidDataException("the backup producer finished without writing any data");
        }

        return counting.BytesWritten;
    }

    /// <summary>Backups hold the add-on's data (secrets included), so their files are readable by the owner only.</summary>
    public static FileStream CreateNew(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        BufferSize = 1 << 16,
        Options = FileOptions.Asynchronous,
        UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });
}
