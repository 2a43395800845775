using System.Text;

namespace Runway.Addons.Backups;

/// <summary>Where backup copies go: an S3-compatible bucket reached at <paramref name="Endpoint"/> with path-style
/// addressing (<c>ENDPOINT/BUCKET/KEY</c>), which AWS, MinIO, Ceph, R2 and others all accept.</summary>
/// <param name="Endpoint">The service URL, e.g. <c>https://s3.eu-west-1.amazonaws.com</c> or <c>http://127.0.0.1:9000</c>.</param>
/// <param name="Prefix">Put before every key (e.g. <c>runway/</c>); empty for the bucket's root.</param>
public sealed record S3TargetOptions(string Bucket, string Endpoint, string Region, string AccessKey, string SecretKey, string Prefix = "")
{
    private const long MiB = 1024 * 1024;

    /// <summary>Files larger than this are sent as a multipart upload.</summary>
    public long MultipartThresholdBytes { get; init; } = 64 * MiB;

    /// <summary>The part size of a multipart upload (S3 takes 5 MiB at least, and 10,000 parts at most; larger files get
    /// larger parts).</summary>
    public long PartSizeBytes { get; init; } = 16 * MiB;

    /// <summary>Compare the uploaded object's ETag with the file's MD5. Turn off for buckets whose ETags are not MD5s
    /// (SSE-KMS encryption); the size is compared and each request's Content-MD5 is still checked by the server.</summary>
    public bool CheckETag { get; init; } = true;

    /// <summary>What is wrong with these options (empty when usable), each naming the field and what would fix it.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            problems.Add("bucket is empty; give the name of an existing bucket");
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            problems.Add($"endpoint \"{Endpoint}\" is not an http:// or https:// URL (for example https://s3.us-east-1.amazonaws.com)");
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            problems.Add("region is empty; give the bucket's region (us-east-1 for most S3-compatible servers)");
        }

        if (string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(SecretKey))
        {
            problems.Add("access key and secret key are both required");
        }

        if (PartSizeBytes < 5 * MiB)
        {
            problems.Add($"part size {PartSizeBytes} is below S3's minimum of 5 MiB");
        }

        if (MultipartThresholdBytes < PartSizeBytes)
        {
            problems.Add("multipart threshold must not be below the part size");
        }

        return problems;
    }

    /// <summary>The prefix as used in keys: no leading '/', one trailing '/' unless empty.</summary>
    internal string KeyPrefix => Prefix.Trim('/') is { Length: > 0 } p ? p + "/" : "";

    // The secret key is never printed (records print every property by default).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Bucket = {Bucket}, Endpoint = {Endpoint}, Region = {Region}, AccessKey = {AccessKey}, SecretKey = ***, Prefix = {Prefix}");
        return true;
    }
}
