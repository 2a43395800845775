using System.Security.Cryptography;

namespace Runway.Addons.Backups;

/// <summary>Checksums of a whole file, read once: SHA-256 (the backup's own checksum) and the MD5 values S3 reports as
/// ETags (of the whole file and of each multipart part).</summary>
internal sealed record FileDigest(long Length, string Sha256, byte[] Md5, IReadOnlyList<byte[]> PartMd5s)
{
    private const int BufferSize = 1 << 16;

    /// <summary>The SHA-256 (lowercase hex) of <paramref name="stream"/> from its current position to its end.</summary>
    public static async Task<string> Sha256Async(Stream stream, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Reads <paramref name="path"/> once; <paramref name="partSize"/> splits the MD5s the way a multipart upload
    /// with that part size does.</summary>
    public static async Task<FileDigest> OfFileAsync(string path, long partSize, CancellationToken ct)
    {
        await using var file = OpenRead(path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var parts = new List<byte[]>();
        var buffer = new byte[BufferSize];
        long length = 0, inPart = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            md5.AppendData(buffer, 0, read);
            length += read;
            for (var offset = 0; offset < read;)
            {
                var take = (int)Math.Min(read - offset, partSize - inPart);
                partMd5.AppendData(buffer, offset, take);
                offset += take;
                inPart += take;
                if (inPart == partSize)
                {
                    parts.Add(partMd5.GetHashAndReset());
                    inPart = 0;
                }
            }
        }

        if (inPart > 0 || parts.Count == 0)
        {
            parts.Add(partMd5.GetHashAndReset());
        }

        return new FileDigest(length, Convert.ToHexStringLower(sha.GetHashAndReset()), md5.GetHashAndReset(), parts);
    }

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>MD5 of <paramref name="data"/>: S3's Content-MD5 header and ETags are MD5s (an integrity check required by the
    /// protocol, not a security measure; the backup's own checksum is SHA-256).</summary>
#pragma warning disable CA5351
    public static byte[] Md5Of(ReadOnlySpan<byte> data) => MD5.HashData(data);
#pragma warning restore CA5351

    public static bool SameHash(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
