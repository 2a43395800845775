using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Runway.Addons.Backups;
using Runway.Tests.Shared;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Backups;

/// <summary>The S3 copies against a real S3-compatible server (s3rver) on loopback.</summary>
public sealed class S3BackupTargetTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 5, 1, 2, 0, 0, TimeSpan.Zero));

    private BackupStore Store(string name) => new(Path.Combine(s3.WorkDirectory, name), _clock);

    [Fact]
    public async Task A_backup_is_uploaded_listed_downloaded_and_deleted()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("round-trip");
        var dump = BackupStoreTests.SampleDump(300_000);
        var backup = await store.CreateAsync("roundtrip", "db", "postgres", 5, BackupStoreTests.Writes(dump), CancellationToken.None);
        using var target = new S3BackupTarget(s3.Options());

        await target.UploadAsync(backup, store.PathOf(backup), CancellationToken.None);

        Assert.Equal([$"roundtrip/db/{backup.FileName}", $"roundtrip/db/{backup.Id}.json"], await target.ListAsync("roundtrip", CancellationToken.None));
        Assert.Equal([backup], await target.ListBackupsAsync("roundtrip", null, CancellationToken.None));
        Assert.Equal([backup], await target.ListBackupsAsync("roundtrip", "db", CancellationToken.None));
        Assert.Empty(await target.ListBackupsAsync("roundtrip", "cache", CancellationToken.None));

        using (var client = s3.Client())
        {
            var stored = await client.GetObjectMetadataAsync(S3rverFixture.Bucket, $"roundtrip/db/{backup.FileName}");
            Assert.Equal(backup.SizeBytes, stored.ContentLength);
            Assert.Equal(backup.Sha256, stored.Metadata["sha256"]);
        }

        // the local files are lost: restore from the copy
        var downloaded = Path.Combine(s3.WorkDirectory, "restore", backup.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(downloaded)!);
        await target.DownloadAsync(backup, downloaded, CancellationToken.None);
        Assert.Equal(await File.ReadAllBytesAsync(store.PathOf(backup)), await File.ReadAllBytesAsync(downloaded));
        var fresh = Store("fresh");
        await fresh.ImportAsync(backup, downloaded, CancellationToken.None);
        await using (var restored = await fresh.OpenVerifiedAsync(backup, CancellationToken.None))
        using (var copy = new MemoryStream())
        {
            await restored.CopyToAsync(copy);
            Assert.Equal(dump, copy.ToArray());
        }

        await target.DeleteAsync(backup, CancellationToken.None);
        Assert.Empty(await target.ListAsync("roundtrip", CancellationToken.None));
        await target.DeleteAsync(backup, CancellationToken.None); // already gone: still fine
    }

    [Fact]
    public async Task A_large_backup_goes_up_in_parts_and_comes_back_whole()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("multipart");
        var dump = RandomNumberGenerator.GetBytes(11 * 1024 * 1024 + 12345); // three parts of 5 MiB, the last one short
        var backup = await store.CreateAsync("multipart", "db", "postgres", null, compress: false, BackupStoreTests.Writes(dump), CancellationToken.None);
        const long FiveMiB = 5 * 1024 * 1024;
        using var target = new S3BackupTarget(s3.Options() with { MultipartThresholdBytes = FiveMiB, PartSizeBytes = FiveMiB });

        await target.UploadAsync(backup, store.PathOf(backup), CancellationToken.None);

        var downloaded = Path.Combine(s3.WorkDirectory, "multipart-download.dump");
        await target.DownloadAsync(backup, downloaded, CancellationToken.None);
        Assert.Equal(dump, await File.ReadAllBytesAsync(downloaded));
    }

    [Fact]
    public async Task Keys_go_under_the_prefix()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("prefix");
        var backup = await store.CreateAsync("prefixed", "cache", "redis", 1, BackupStoreTests.Writes([1, 2, 3]), CancellationToken.None);
        using var target = new S3BackupTarget(s3.Options("/servers/eu-1/"));

        await target.UploadAsync(backup, store.PathOf(backup), CancellationToken.None);

        Assert.Equal([$"servers/eu-1/prefixed/cache/{backup.Id}.json", $"servers/eu-1/prefixed/cache/{backup.FileName}"],
            await target.ListAsync("prefixed", CancellationToken.None));
        using var unprefixed = new S3BackupTarget(s3.Options());
        Assert.Empty(await unprefixed.ListAsync("prefixed", CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupt_local_file_is_not_uploaded()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("corrupt-local");
        var backup = await store.CreateAsync("corruptlocal", "db", "postgres", null, BackupStoreTests.Writes(BackupStoreTests.SampleDump(20_000)), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(store.PathOf(backup));
        bytes[100] ^= 0x10;
        await File.WriteAllBytesAsync(store.PathOf(backup), bytes);
        using var target = new S3BackupTarget(s3.Options());

        await Assert.ThrowsAsync<BackupCorruptException>(() => target.UploadAsync(backup, store.PathOf(backup), CancellationToken.None));

        Assert.Empty(await target.ListAsync("corruptlocal", CancellationToken.None));
    }

    [Fact]
    public async Task A_copy_changed_in_the_bucket_is_refused_on_download()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("corrupt-remote");
        var backup = await store.CreateAsync("corruptremote", "db", "postgres", null, BackupStoreTests.Writes(BackupStoreTests.SampleDump(20_000)), CancellationToken.None);
        using var target = new S3BackupTarget(s3.Options());
        await target.UploadAsync(backup, store.PathOf(backup), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(store.PathOf(backup));
        bytes[^20] ^= 0x01;
        using (var client = s3.Client())
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = S3rverFixture.Bucket,
                Key = $"corruptremote/db/{backup.FileName}",
                InputStream = new MemoryStream(bytes),
                UseChunkEncoding = false,
            });
        }

        var downloaded = Path.Combine(s3.WorkDirectory, "corrupt-download.dump.gz");
        var error = await Assert.ThrowsAsync<BackupCorruptException>(() => target.DownloadAsync(backup, downloaded, CancellationToken.None));

        Assert.Equal($"s3://{S3rverFixture.Bucket}/corruptremote/db/{backup.FileName}", error.File);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), error.ActualSha256);
        Assert.False(File.Exists(downloaded));
        Assert.Empty(Directory.EnumerateFiles(s3.WorkDirectory, "*corrupt-download*"));
    }

    [Fact]
    public async Task The_runner_copies_each_backup_and_applies_retention_to_the_copies()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("runner");
        var events = new List<BackupEvent>();
        using var target = new S3BackupTarget(s3.Options());
        var runner = new BackupRunner(store, target, new RetentionPolicy(TimeSpan.FromHours(36), null), _clock, events.Add);
        var taken = new List<BackupMetadata>();
        for (var day = 0; day < 4; day++)
        {
            taken.Add((await runner.RunAsync("runner", "db", "postgres", day, compress: true, BackupStoreTests.Writes([(byte)day, 1, 2]), CancellationToken.None))!);
            _clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([taken[3], taken[2]], await target.ListBackupsAsync("runner", "db", CancellationToken.None));
        Assert.Equal([taken[3], taken[2]], store.List("runner"));
        Assert.Equal(4, events.Count(e => e.Kind == BackupEventKind.Uploaded));
        Assert.Equal(4, events.Count(e => e.Kind == BackupEventKind.Pruned)); // two local, two S3 copies
        Assert.DoesNotContain(events, e => e.IsAlert);
    }

    [Fact]
    public async Task A_failed_upload_is_an_alert_and_the_local_backup_is_kept()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        var store = Store("upload-failure");
        var events = new List<BackupEvent>();
        using var target = new S3BackupTarget(s3.Options() with { Bucket = "no-such-bucket" });
        var runner = new BackupRunner(store, target, RetentionPolicy.KeepAll, _clock, events.Add);

        var backup = await runner.RunAsync("uploadfail", "db", "postgres", 1, compress: true, BackupStoreTests.Writes([1, 2, 3]), CancellationToken.None);

        Assert.NotNull(backup);
        Assert.Equal([backup], store.List("uploadfail"));
        var alert = Assert.Single(events, e => e.Kind == BackupEventKind.UploadFailed);
        Assert.True(alert.IsAlert);
        Assert.Contains("kept locally but could not be copied to s3://no-such-bucket", alert.Message, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Kind == BackupEventKind.PruneFailed); // listing the missing bucket fails too, and says so
        output.WriteLine(alert.Message);
    }

    [Fact]
    public async Task Unknown_credentials_are_an_error_from_the_server()
    {
        if (s3.Unavailable(output))
        {
            return;
        }

        using var target = new S3BackupTarget(s3.Options() with { AccessKey = "NOBODY" });

        await Assert.ThrowsAsync<AmazonS3Exception>(() => target.ListAsync("anything", CancellationToken.None));
    }
}
