using Amazon.S3;
using Amazon.S3.Model;

namespace Runway.Addons.Backups;

/// <summary>A multipart upload of one file, part by part, each part's ETag checked against its MD5; aborted on any
/// failure so no hidden parts are left to pay for.</summary>
internal static class S3MultipartUpload
{
    private const int MaxParts = 10_000; // S3's limit
    private const long MiB = 1024 * 1024;

    /// <summary>The configured part size, or a larger whole number of MiB when the file would need more than 10,000 parts.</summary>
    public static long PartSizeFor(long length, long configured)
    {
        var needed = (length + MaxParts - 1) / MaxParts;
        return Math.Max(configured, (needed + MiB - 1) / MiB * MiB);
    }

    public static async Task UploadAsync(
        IAmazonS3 client, string bucket, string key, string file, long partSize, FileDigest digest, string sha256, CancellationToken ct)
    {
        var started = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ContentType = "application/octet-stream",
            Metadata = { ["sha256"] = sha256 },
        }, ct);
        try
        {
            var parts = new List<PartETag>();
            for (var i = 0; i < digest.PartMd5s.Count; i++)
            {
                var position = i * partSize;
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = started.UploadId,
                    PartNumber = i + 1,
                    FilePath = file,
                    FilePosition = position,
                    PartSize = Math.Min(partSize, digest.Length - position),
                    MD5Digest = Convert.ToBase64String(digest.PartMd5s[i]),
                    UseChunkEncoding = false, // some S3-compatible servers store aws-chunked bodies undecoded
                }, ct);
                var expected = Convert.ToHexStringLower(digest.PartMd5s[i]);
                if (!string.Equals(response.ETag?.Trim('"'), expected, StringComparison.OrdinalIgnoreCase))
                {
                    throw new IOException($"part {i + 1} of s3://{bucket}/{key} was stored with ETag {response.ETag}, expected {expected}");
                }

                parts.Add(new PartETag(i + 1, response.ETag));
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = started.UploadId,
                PartETags = parts,
            }, ct);
        }
        catch
        {
            await TryAbortAsync(client, bucket, key, started.UploadId);
            throw;
        }
    }

    private static async Task TryAbortAsync(IAmazonS3 client, string bucket, string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId },
                CancellationToken.None);
        }
        catch (AmazonS3Exception)
        {
            // the upload's own error is the one to report; a bucket lifecycle rule can clear what is left
        }
        catch (HttpRequestException)
        {
        }
    }

    /// <summary>Whether an object's ETag fits the file: its MD5 (a single PUT, and some S3-compatible servers for multipart
    /// uploads too) or S3's multipart form, the MD5 of the parts' MD5s followed by "-" and the number of parts.</summary>
    public static bool ETagMatches(string etag, FileDigest digest)
    {
        if (string.Equals(etag, Convert.ToHexStringLower(digest.Md5), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var multipart = Convert.ToHexStringLower(FileDigest.Md5Of(digest.PartMd5s.SelectMany(p => p).ToArray())) + "-" + digest.PartMd5s.Count;
        return string.Equals(etag, multipart, StringComparison.OrdinalIgnoreCase);
    }
}
