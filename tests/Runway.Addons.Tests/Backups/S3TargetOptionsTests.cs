using System.Security.Cryptography;
using Runway.Addons.Backups;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Backups;

public sealed class S3TargetOptionsTests
{
    private static readonly S3TargetOptions Valid = new("backups", "https://s3.eu-west-1.amazonaws.com", "eu-west-1", "AKIAEXAMPLE", "secret-value");

    [Fact]
    public void Usable_options_have_no_problems()
    {
        Assert.Empty(Valid.Problems());
        using var target = new S3BackupTarget(Valid);
        Assert.Equal("backups", target.Bucket);
    }

    [Fact]
    public void Each_problem_names_the_field_and_the_fix()
    {
        var problems = (Valid with { Bucket = "", Endpoint = "s3.example.com", Region = " ", SecretKey = "", PartSizeBytes = 1024 }).Problems();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("bucket is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("endpoint \"s3.example.com\" is not an http:// or https:// URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("region is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("access key and secret key are both required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("minimum of 5 MiB", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => new S3BackupTarget(Valid with { Bucket = "" }));
        Assert.Contains("bucket is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_key_is_never_printed()
    {
        var text = Valid.ToString();

        Assert.DoesNotContain("secret-value", text, StringComparison.Ordinal);
        Assert.Contains("SecretKey = ***", text, StringComparison.Ordinal);
        Assert.Contains("AKIAEXAMPLE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("runway", "runway/")]
    [InlineData("/a/b/", "a/b/")]
    public void The_prefix_becomes_a_key_prefix(string prefix, string keyPrefix) =>
        Assert.Equal(keyPrefix, (Valid with { Prefix = prefix }).KeyPrefix);

    [Theory]
    [InlineData(0L, 16L)]
    [InlineData(100L, 16L)]
    [InlineData(160_000L, 16L)]
    [InlineData(500_000L, 50L)]
    [InlineData(500_001L, 51L)] // about 500 GB needs parts above 16 MiB to stay within 10,000 parts
    public void Parts_grow_to_stay_within_ten_thousand(long sizeMiB, long partMiB)
    {
        const long MiB = 1024 * 1024;
        var part = S3MultipartUpload.PartSizeFor(sizeMiB * MiB, 16 * MiB);

        Assert.Equal(partMiB * MiB, part);
        Assert.True((sizeMiB * MiB + part - 1) / part <= 10_000);
    }

    [Fact]
    public async Task An_etag_matches_the_file_md5_or_the_s3_multipart_form()
    {
        using var temp = new TempDirectory("runway-etag-");
        var data = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        var file = temp.File("dump");
        await File.WriteAllBytesAsync(file, data);
        const int PartSize = 5 * 1024 * 1024;

        var digest = await FileDigest.OfFileAsync(file, PartSize, CancellationToken.None);

        Assert.Equal(3, digest.PartMd5s.Count);
        Assert.Equal(data.Length, digest.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), digest.Sha256);
        var parts = new[] { data[..PartSize], data[PartSize..(2 * PartSize)], data[(2 * PartSize)..] };
        var multipart = Md5Hex(parts.SelectMany(Md5).ToArray()) + "-3";
        Assert.True(S3MultipartUpload.ETagMatches(multipart, digest));
        Assert.True(S3MultipartUpload.ETagMatches(Md5Hex(data).ToUpperInvariant(), digest));
        Assert.False(S3MultipartUpload.ETagMatches(Md5Hex(parts.SelectMany(Md5).ToArray()) + "-2", digest));
        Assert.False(S3MultipartUpload.ETagMatches(Md5Hex(data[1..]), digest));
        Assert.False(S3MultipartUpload.ETagMatches("", digest));
    }

    private static byte[] Md5(byte[] data)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(data);
        return md5.GetHashAndReset();
    }

    private static string Md5Hex(byte[] data) => Convert.ToHexStringLower(Md5(data));
}
