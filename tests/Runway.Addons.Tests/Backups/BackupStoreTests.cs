using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Runway.Addons.Backups;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Backups;

/// <summary>The local store on real files: gzip round trip, checksums, atomic writes, corruption refused.</summary>
public sealed class BackupStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("runway-backups-");
    private readonly ManualClock _clock = new(Start);
    private readonly BackupStore _store;

    public BackupStoreTests() => _store = new BackupStore(_temp.Combine("backups"), _clock);

    public void Dispose() => _temp.Dispose();

    internal static byte[] SampleDump(int size = 200_000)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("INSERT INTO items VALUES (").Append(i).Append(", 'row ").Append(i * 7919 % 1000).Append("');\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    internal static Func<Stream, CancellationToken, Task> Writes(byte[] data) =>
        async (stream, ct) =>
        {
            // write in uneven pieces, as a process's stdout arrives
            for (var offset = 0; offset < data.Length; offset += 4093)
            {
                await stream.WriteAsync(data.AsMemory(offset, Math.Min(4093, data.Length - offset)), ct);
            }
        };

    [Fact]
    public async Task A_backup_is_gzipped_checksummed_and_described_by_its_metadata()
    {
        var dump = SampleDump();
        var backup = await _store.CreateAsync("shop", "db", "postgres", 7, async (stream, ct) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(3));
            await Writes(dump)(stream, ct);
        }, CancellationToken.None);

        var path = _store.PathOf(backup);
        Assert.Equal(_temp.Combine("backups", "shop", "db", backup.FileName), path);
        Assert.Matches(@"^20260301T020000000Z-[0-9a-f]{6}\.dump\.gz$", backup.FileName);
        Assert.True(File.Exists(_temp.Combine("backups", "shop", "db", backup.Id + ".json")));
        var stored = await File.ReadAllBytesAsync(path);
        Assert.Equal((stored[0], stored[1]), ((byte)0x1f, (byte)0x8b)); // gzip magic
        Assert.True(stored.Length < dump.Length / 3, $"compressed to {stored.Length} of {dump.Length} bytes");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), backup.Sha256);
        Assert.Equal(stored.Length, backup.SizeBytes);
        Assert.Equal(dump.Length, backup.RawSizeBytes);
        Assert.Equal(("shop", "db", "postgres", 7, BackupCompression.Gzip), (backup.App, backup.Addon, backup.Kind, backup.Release, backup.Compression));
        Assert.Equal(Start, backup.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(3), backup.Duration);

        await using var restored = await _store.OpenVerifiedAsync(backup, CancellationToken.None);
        using var copy = new MemoryStream();
        await restored.CopyToAsync(copy);
        Assert.Equal(dump, copy.ToArray());
        Assert.Equal(backup, Assert.Single(_store.List("shop")));
    }

    [Fact]
    public async Task Backup_files_and_directories_are_readable_by_their_owner_only()
    {
        var backup = await _store.CreateAsync("shop", "db", "postgres", null, Writes(SampleDump(1000)), CancellationToken.None);

        var path = _store.PathOf(backup);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.ChangeExtension(Path.ChangeExtension(path, null), null) + ".json"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task An_already_compressed_dump_is_stored_as_produced()
    {
        var dump = RandomNumberGenerator.GetBytes(50_000); // incompressible, like pg_dump -Fc output
        var backup = await _store.CreateAsync("shop", "db", "postgres", null, compress: false, Writes(dump), CancellationToken.None);

        Assert.Equal(BackupCompression.None, backup.Compression);
        Assert.EndsWith(".dump", backup.FileName, StringComparison.Ordinal);
        Assert.Equal(dump, await File.ReadAllBytesAsync(_store.PathOf(backup)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dump)), backup.Sha256);
        await using var restored = await _store.OpenVerifiedAsync(backup, CancellationToken.None);
        using var copy = new MemoryStream();
        await restored.CopyToAsync(copy);
        Assert.Equal(dump, copy.ToArray());
    }

    [Fact]
    public async Task A_producer_that_fails_midway_leaves_nothing_behind()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => _store.CreateAsync("shop", "db", "postgres", 3, async (stream, ct) =>
        {
            await Writes(SampleDump(100_000))(stream, ct);
            throw new IOException("pg_dump exited with code 1: connection refused");
        }, CancellationToken.None));

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.List("shop"));
        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("backups"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cancelled_backup_leaves_nothing_behind()
    {
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.CreateAsync("shop", "cache", "redis", null, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[1000], ct);
            await cancel.CancelAsync();
            await stream.WriteAsync(new byte[1000], ct);
        }, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("backups"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_producer_that_writes_nothing_is_a_failed_backup()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            _store.CreateAsync("shop", "cache", "redis", null, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("without writing any data", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("backups"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_producer_may_dispose_the_stream_it_is_given()
    {
        var backup = await _store.CreateAsync("shop", "cache", "redis", null, async (stream, ct) =>
        {
            await using (stream)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("REDIS0011 snapshot"), ct);
            }
        }, CancellationToken.None);

        Assert.EndsWith(".rdb.gz", backup.FileName, StringComparison.Ordinal);
        await using var restored = await _store.OpenVerifiedAsync(backup, CancellationToken.None);
        Assert.Equal("REDIS0011 snapshot", await new StreamReader(restored).ReadToEndAsync());
    }

    [Fact]
    public async Task One_changed_byte_is_detected_and_the_backup_refused()
    {
        var backup = await _store.CreateAsync("shop", "db", "postgres", null, Writes(SampleDump()), CancellationToken.None);
        var path = _store.PathOf(backup);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<BackupCorruptException>(() => _store.OpenVerifiedAsync(backup, CancellationToken.None));
        await Assert.ThrowsAsync<BackupCorruptException>(() => _store.VerifyAsync(backup, CancellationToken.None));

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal((path, backup.Sha256, actual), (error.File, error.ExpectedSha256, error.ActualSha256));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(backup.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(actual, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_backup_is_refused()
    {
        var backup = await _store.CreateAsync("shop", "db", "postgres", null, Writes(SampleDump()), CancellationToken.None);
        var path = _store.PathOf(backup);
        await using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        await Assert.ThrowsAsync<BackupCorruptException>(() => _store.OpenVerifiedAsync(backup, CancellationToken.None));
    }

    [Fact]
    public async Task Listing_is_newest_first_per_addon_or_for_the_whole_app()
    {
        var db1 = await _store.CreateAsync("shop", "db", "postgres", 1, Writes([1]), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var cache = await _store.CreateAsync("shop", "cache", "redis", 1, Writes([2]), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var db2 = await _store.CreateAsync("shop", "db", "postgres", 2, Writes([3]), CancellationToken.None);
        await _store.CreateAsync("blog", "db", "postgres", 1, Writes([4]), CancellationToken.None);

        Assert.Equal([db2, cache, db1], _store.List("shop"));
        Assert.Equal([db2, db1], _store.List("shop", "db"));
        Assert.Empty(_store.List("shop", "search"));
        Assert.Empty(_store.List("unknown"));

        _store.Delete(db2);
        Assert.Equal([db1], _store.List("shop", "db"));
        Assert.False(File.Exists(_store.PathOf(db2)));
    }

    [Fact]
    public async Task Backups_whose_metadata_or_file_is_missing_are_not_listed_and_leftovers_are_removed()
    {
        var kept = await _store.CreateAsync("shop", "db", "postgres", null, Writes([1, 2, 3]), CancellationToken.None);
        var noFile = await _store.CreateAsync("shop", "db", "postgres", null, Writes([4]), CancellationToken.None);
        var noMetadata = await _store.CreateAsync("shop", "db", "postgres", null, Writes([5]), CancellationToken.None);
        var directory = _temp.Combine("backups", "shop", "db");
        File.Delete(_store.PathOf(noFile));
        File.Delete(Path.Combine(directory, noMetadata.Id + ".json"));
        var partial = Path.Combine(directory, ".20260301T020000000Z-abcdef.dump.gz.partial");
        await File.WriteAllTextAsync(partial, "half a dump");
        await File.WriteAllTextAsync(Path.Combine(directory, "20260301T020000000Z-123456.json"), "{ not json");
        await File.WriteAllTextAsync(Path.Combine(directory, "NOTES.txt"), "an operator's note");

        Assert.Equal([kept], _store.List("shop"));

        var removed = _store.RemoveIncomplete();
        Assert.Equal(new[] { partial, _store.PathOf(noMetadata) }.Order(), removed.Order());
        Assert.True(File.Exists(Path.Combine(directory, "NOTES.txt")));
        Assert.True(File.Exists(_store.PathOf(kept)));
    }

    [Fact]
    public async Task An_imported_copy_is_checked_before_it_is_added()
    {
        var other = new BackupStore(_temp.Combine("elsewhere"), _clock);
        var backup = await other.CreateAsync("shop", "db", "postgres", 4, Writes(SampleDump(5000)), CancellationToken.None);

        await _store.ImportAsync(backup, other.PathOf(backup), CancellationToken.None);
        Assert.Equal([backup], _store.List("shop"));
        await using (var restored = await _store.OpenVerifiedAsync(backup, CancellationToken.None))
        {
            Assert.StartsWith("INSERT INTO items", await new StreamReader(restored).ReadToEndAsync(), StringComparison.Ordinal);
        }

        var tampered = _temp.Combine("tampered.dump.gz");
        var bytes = await File.ReadAllBytesAsync(other.PathOf(backup));
        bytes[^5] ^= 0xff;
        await File.WriteAllBytesAsync(tampered, bytes);
        var fresh = new BackupStore(_temp.Combine("fresh"), _clock);
        await Assert.ThrowsAsync<BackupCorruptException>(() => fresh.ImportAsync(backup, tampered, CancellationToken.None));
        Assert.Empty(fresh.List("shop"));
        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("fresh"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("..", "db")]
    [InlineData("shop", "../etc")]
    [InlineData("shop/x", "db")]
    [InlineData("", "db")]
    [InlineData(".hidden", "db")]
    public async Task Names_that_are_not_one_safe_path_segment_are_rejected(string app, string addon)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateAsync(app, addon, "postgres", null, Writes([1]), CancellationToken.None));
        Assert.False(Directory.Exists(_temp.Combine("backups")) && Directory.EnumerateFileSystemEntries(_temp.Combine("backups")).Any());
    }

    [Fact]
    public async Task Metadata_naming_a_file_outside_the_store_is_refused()
    {
        var backup = await _store.CreateAsync("shop", "db", "postgres", null, Writes([1]), CancellationToken.None);

        Assert.Throws<ArgumentException>(() => _store.PathOf(backup with { FileName = "../../../etc/passwd" }));
        Assert.Throws<ArgumentException>(() => _store.Delete(backup with { Addon = ".." }));
    }
}
