using Amazon.Runtime;
using Amazon.S3;
using Runway.Addons.Backups;
using Runway.Tests.Shared;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Backups;

/// <summary>One s3rver for the S3 tests, with a bucket. When node, npm or the package cannot be had, the tests say so
/// and pass without running, except in CI (CI=true), where the S3 tests must run.</summary>
public sealed class S3rverFixture : IAsyncLifetime, IDisposable
{
    public const string Bucket = "runway-backups";
    private readonly TempDirectory _temp = new("runway-s3rver-");
    private S3rverServer? _server;

    public string Problem { get; private set; } = "";

    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException(Problem);

    public string WorkDirectory => _temp.Path;

    public async Task InitializeAsync()
    {
        (_server, Problem) = await S3rverServer.StartAsync(_temp.Combine("data"));
        if (_server is not null)
        {
            using var client = Client();
            await client.PutBucketAsync(Bucket);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>True when the server could not be started: the reason is written to the test output (in CI it fails the test).</summary>
    internal bool Unavailable(ITestOutputHelper output)
    {
        if (_server is not null)
        {
            return false;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"s3rver is needed in CI: {Problem}");
        output.WriteLine($"skipped: no S3-compatible server for this test ({Problem})");
        return true;
    }

    internal S3TargetOptions Options(string prefix = "") =>
        new(Bucket, Endpoint, "us-east-1", S3rverServer.AccessKey, S3rverServer.SecretKey, prefix);

    /// <summary>A plain client, to look at or tamper with the bucket behind the target's back.</summary>
    internal AmazonS3Client Client() => new(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
}
