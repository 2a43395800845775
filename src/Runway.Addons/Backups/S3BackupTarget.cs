using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Runway.Addons.Backups;

/// <summary>Copies of backups in an S3-compatible bucket, laid out as locally: <c>PREFIX&lt;app&gt;/&lt;addon&gt;/&lt;file&gt;</c>
/// and <c>PREFIX&lt;app&gt;/&lt;addon&gt;/&lt;id&gt;.json</c>, the metadata written last so a listed copy is complete.</summary>
public sealed class S3BackupTarget : IDisposable
{
    private readonly S3TargetOptions _options;
    private readonly AmazonS3Client _client;

    public S3BackupTarget(S3TargetOptions options)
    {
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException("S3 backup target: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), new AmazonS3Config
        {
            ServiceURL = options.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            // Only the checksums S3 requires: many S3-compatible servers reject or mangle the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public string Bucket => _options.Bucket;

    /// <summary>Uploads <paramref name="localFile"/> as the copy of <paramref name="backup"/>, then its metadata. The file is
    /// checked against the backup's SHA-256 before anything is sent (a corrupt backup is not copied), every request
    /// carries its Content-MD5 for the server to check, and the stored object's size and ETag are compared afterwards.</summary>
    /// <exception cref="BackupCorruptException">The local file is not the one the metadata describes.</exception>
    /// <exception cref="IOException">The stored object does not match the file; it was removed again.</exception>
    public async Task UploadAsync(BackupMetadata backup, string localFile, CancellationToken ct)
    {
        BackupNames.RequireSafe(backup);
        var partSize = S3MultipartUpload.PartSizeFor(new FileInfo(localFile).Length, _options.PartSizeBytes);
        var digest = await FileDigest.OfFileAsync(localFile, partSize, ct);
        if (!FileDigest.SameHash(digest.Sha256, backup.Sha256))
        {
            throw new BackupCorruptException(localFile, backup.Sha256, digest.Sha256);
        }

        var key = DataKey(backup);
        try
        {
            if (digest.Length <= _options.MultipartThresholdBytes)
            {
                await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    FilePath = localFile,
                    MD5Digest = Convert.ToBase64String(digest.Md5),
                    UseChunkEncoding = false, // some S3-compatible servers store aws-chunked bodies undecoded
                    ContentType = "application/octet-stream",
                    Metadata = { ["sha256"] = backup.Sha256 },
                }, ct);
            }
            else
            {
                await S3MultipartUpload.UploadAsync(_client, Bucket, key, localFile, partSize, digest, backup.Sha256, ct);
            }

            await CheckStoredAsync(key, digest, ct);
        }
        catch (IOException)
        {
            await TryDeleteObjectAsync(key);
            throw;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(backup, BackupMetadataJson.Default.BackupMetadata);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = MetadataKey(backup),
            InputStream = new MemoryStream(json),
            MD5Digest = Convert.ToBase64String(FileDigest.Md5Of(json)),
            UseChunkEncoding = false,
            ContentType = "application/json",
        }, ct);
    }

    /// <summary>The keys of every object stored for <paramref name="app"/> (dumps and metadata), sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string app, CancellationToken ct)
    {
        BackupNames.RequireSegment(app, nameof(app));
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = _options.KeyPrefix + app + "/" };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, ct);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The complete copies of <paramref name="app"/>'s backups (of one add-on, or of all), newest first, read from
    /// their metadata objects: what retention judges and what can be restored when the local files are gone.</summary>
    public async Task<IReadOnlyList<BackupMetadata>> ListBackupsAsync(string app, string? addon, CancellationToken ct)
    {
        var keys = await ListAsync(app, ct);
        var present = keys.ToHashSet(StringComparer.Ordinal);
        var found = new List<BackupMetadata>();
        foreach (var key in keys.Where(k => k.EndsWith(BackupNames.MetadataExtension, StringComparison.Ordinal)))
        {
            using var response = await _client.GetObjectAsync(Bucket, key, ct);
            BackupMetadata? backup;
            try
            {
                backup = await JsonSerializer.DeserializeAsync(response.ResponseStream, BackupMetadataJson.Default.BackupMetadata, ct);
            }
            catch (JsonException)
            {
                continue; // not metadata this store wrote
            }

            if (backup is not null && BackupNames.IsSafe(backup) && backup.App == app && (addon is null || backup.Addon == addon) &&
                key == MetadataKey(backup) && present.Contains(DataKey(backup)))
            {
                found.Add(backup);
            }
        }

        return BackupNames.NewestFirst(found);
    }

    /// <summary>Deletes the copy: metadata first (so it is no longer listed), then the dump. Deleting a copy that is not
    /// there succeeds.</summary>
    public async Task DeleteAsync(BackupMetadata backup, CancellationToken ct)
    {
        BackupNames.RequireSafe(backup);
        await _client.DeleteObjectAsync(Bucket, MetadataKey(backup), ct);
        await _client.DeleteObjectAsync(Bucket, DataKey(backup), ct);
    }

    /// <summary>Downloads the copy to <paramref name="localFile"/> (through a partial file renamed into place), checking its
    /// SHA-256 against <paramref name="backup"/> on the way.</summary>
    /// <exception cref="BackupCorruptException">The copy is not what was backed up; <paramref name="localFile"/> is not written.</exception>
    public async Task DownloadAsync(BackupMetadata backup, string localFile, CancellationToken ct)
    {
        BackupNames.RequireSafe(backup);
        var target = Path.GetFullPath(localFile);
        var partial = BackupFileWriter.PartialPath(target);
        BackupFileWriter.TryDelete(partial);
        try
        {
            using (var response = await _client.GetObjectAsync(Bucket, DataKey(backup), ct))
            await using (var file = BackupFileWriter.CreateNew(partial))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var hashing = new DigestingWriteStream(file, sha, leaveOpen: true))
                {
                    await response.ResponseStream.CopyToAsync(hashing, ct);
                }

                var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (!FileDigest.SameHash(actual, backup.Sha256))
                {
                    throw new BackupCorruptException($"s3://{Bucket}/{DataKey(backup)}", backup.Sha256, actual);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite: true);
        }
        catch
        {
            BackupFileWriter.TryDelete(partial);
            throw;
        }
    }

    public void Dispose() => _client.Dispose();

    internal string DataKey(BackupMetadata backup) => $"{_options.KeyPrefix}{backup.App}/{backup.Addon}/{backup.FileName}";

    internal string MetadataKey(BackupMetadata backup) =>
        $"{_options.KeyPrefix}{backup.App}/{backup.Addon}/{BackupNames.MetadataFileName(backup.Id)}";

    private async Task CheckStoredAsync(string key, FileDigest digest, CancellationToken ct)
    {
        var stored = await _client.GetObjectMetadataAsync(Bucket, key, ct);
        if (stored.ContentLength != digest.Length)
        {
            throw new IOException($"s3://{Bucket}/{key} holds {stored.ContentLength} bytes after upload, but the file has {digest.Length}");
        }

        var etag = (stored.ETag ?? "").Trim('"');
        if (_options.CheckETag && !S3MultipartUpload.ETagMatches(etag, digest))
        {
            throw new IOException($"s3://{Bucket}/{key} has ETag {etag} after upload, which is not the file's MD5 " +
                $"({Convert.ToHexStringLower(digest.Md5)}); if the bucket encrypts with SSE-KMS, turn off the ETag check");
        }
    }

    private async Task TryDeleteObjectAsync(string key)
    {
        try
        {
            await _client.DeleteObjectAsync(Bucket, key, CancellationToken.None);
        }
        catch (AmazonServiceException)
        {
            // the upload's own error is the one to report
        }
        catch (HttpRequestException)
        {
        }
        catch (WebException)
        {
        }
    }
}
