using Runway.Addons.Backups;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Backups;

/// <summary>Manifests stored with backups, verification results recorded in the metadata, and backups found by id or prefix.</summary>
public sealed class BackupManifestTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("runway-backups-");
    private readonly ManualClock _clock = new(Start);
    private readonly BackupStore _store;

    public BackupManifestTests() => _store = new BackupStore(_temp.Combine("backups"), _clock);

    public void Dispose() => _temp.Dispose();

    private static readonly BackupManifest Tables = new()
    {
        Tables = [new TableManifest("public.items", 3, "123456789012345678901"), new TableManifest("public.users", 0, "0")],
    };

    [Fact]
    public async Task The_producers_manifest_is_stored_with_the_backup_and_a_verification_is_recorded_beside_it()
    {
        var backup = await _store.CreateAsync("shop", "db", "postgres", 2, compress: false, async (stream, ct) =>
        {
            await stream.WriteAsync("PGDMP"u8.ToArray(), ct);
            return Tables;
        }, CancellationToken.None);

        var listed = Assert.Single(_store.List("shop"));
        Assert.Equal(Tables.Tables, listed.Manifest!.Tables);
        Assert.Null(listed.LastVerification);

        var verification = new BackupVerification(Start.AddHours(1), true, "2 table(s), 3 rows: counts and checksums match the manifest");
        _store.UpdateMetadata(listed with { LastVerification = verification, Note = "safety backup before restoring x" });
        var updated = Assert.Single(_store.List("shop"));
        Assert.Equal(verification, updated.LastVerification);
        Assert.Equal("safety backup before restoring x", updated.Note);
        Assert.Equal(backup.Sha256, updated.Sha256);

        // Metadata can only describe the file it was written for.
        Assert.Throws<FileNotFoundException>(() => _store.UpdateMetadata(updated with { Sha256 = new string('0', 64) }));
        Assert.Throws<FileNotFoundException>(() => _store.UpdateMetadata(updated with { Id = "20260301T020000000Z-000000", FileName = "20260301T020000000Z-000000.dump" }));
    }

    [Fact]
    public async Task A_backup_without_a_manifest_still_lists_and_compares_as_restorable_only()
    {
        await _store.CreateAsync("shop", "db", "postgres", null, BackupStoreTests.Writes([1, 2, 3]), CancellationToken.None);
        Assert.Null(Assert.Single(_store.List("shop")).Manifest);

        var check = BackupManifestComparison.Compare(null, Tables);
        Assert.True(check.Matches);
        Assert.False(check.HadManifest);
    }

    [Fact]
    public void Differences_name_each_table_and_what_differs()
    {
        var restored = new BackupManifest
        {
            Tables = [new TableManifest("public.items", 3, "999"), new TableManifest("public.extra", 1, "5")],
        };

        var check = BackupManifestComparison.Compare(Tables, restored);

        Assert.Equal(
            [
                "table public.items has the recorded 3 rows but their checksum is 999, not 123456789012345678901",
                "table public.users (0 rows) is missing",
                "table public.extra (1 rows) is not in the manifest",
            ],
            check.Differences);
        Assert.StartsWith("3 difference(s) from the manifest: table public.items", check.Describe(), StringComparison.Ordinal);
        Assert.True(BackupManifestComparison.Compare(Tables, Tables).Matches);

        // Checksums computed another way (an older manifest) are not compared; the counts still are.
        var older = BackupManifestComparison.Compare(Tables with { ChecksumMethod = "older" }, restored with { ChecksumMethod = "newer" });
        Assert.Equal(["table public.users (0 rows) is missing", "table public.extra (1 rows) is not in the manifest"], older.Differences);
        var countsOnly = BackupManifestComparison.Compare(Tables with { ChecksumMethod = "older" }, Tables with { ChecksumMethod = "newer" });
        Assert.Contains("counts match (its checksums were computed another way)", countsOnly.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_key_counts_compare_per_database_and_a_missing_digest_is_not_a_difference()
    {
        var expected = new BackupManifest { Keyspaces = [new RedisKeyspaceManifest(0, 5), new RedisKeyspaceManifest(2, 1)], RedisDigest = null };
        var restored = new BackupManifest { Keyspaces = [new RedisKeyspaceManifest(0, 5), new RedisKeyspaceManifest(1, 4)], RedisDigest = new string('a', 40) };

        Assert.Equal(["db1 has 4 keys, the manifest recorded 0", "db2 has 0 keys, the manifest recorded 1"], BackupManifestComparison.Compare(expected, restored).Differences);
        var same = BackupManifestComparison.Compare(expected, expected with { });
        Assert.True(same.Matches);
        Assert.Contains("no digest recorded", same.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_is_found_by_its_id_or_a_prefix_only_it_has_and_a_miss_lists_the_newest()
    {
        var backups = BackupNames.NewestFirst(Enumerable.Range(0, 7).Select(i => Metadata($"2026030{i}T020000000Z-abc12{i}", Start.AddDays(i))));

        Assert.Equal("20260303T020000000Z-abc123", BackupLookup.Find(backups, "shop", "20260303T020000000Z-abc123", out _)!.Id);
        Assert.Equal("20260305T020000000Z-abc125", BackupLookup.Find(backups, "shop", "20260305", out _)!.Id);

        Assert.Null(BackupLookup.Find(backups, "shop", "2026030", out var ambiguous));
        Assert.StartsWith("\"2026030\" names 7 backups of shop; give more of the id: 20260306T020000000Z-abc126 (db, 2026-03-07 02:00:00Z)", ambiguous, StringComparison.Ordinal);

        Assert.Null(BackupLookup.Find(backups, "shop", "nope", out var unknown));
        Assert.StartsWith("shop has no backup \"nope\"; the newest: 20260306T020000000Z-abc126", unknown, StringComparison.Ordinal);
        Assert.Equal(BackupLookup.Listed, unknown.Split("(db,").Length - 1);
        Assert.Contains("`runway db backups shop`", unknown, StringComparison.Ordinal);

        Assert.Null(BackupLookup.Find([], "shop", "x", out var none));
        Assert.Contains("no backups at all; take one with `runway db backup shop`", none, StringComparison.Ordinal);
    }

    private static BackupMetadata Metadata(string id, DateTimeOffset at) =>
        new(id, "shop", "db", "postgres", at, TimeSpan.FromSeconds(1), 10, new string('a', 64), 1, id + ".dump");
}
