using System.Globalization;

namespace Runway.Addons.Backups;

/// <summary>The outcome of comparing a restored copy with the backup's manifest. <see cref="Differences"/> is empty when
/// they match; <see cref="HadManifest"/> is false for a backup taken before manifests were recorded, when only "it restores"
/// could be checked.</summary>
public sealed record ManifestCheck(bool HadManifest, IReadOnlyList<string> Differences, string Summary)
{
    public bool Matches => Differences.Count == 0;

    /// <summary>One line for events and progress: what matched, or the first differences.</summary>
    public string Describe() => Matches
        ? Summary
        : $"{Differences.Count} difference(s) from the manifest: {string.Join("; ", Differences.Take(5))}{(Differences.Count > 5 ? "; …" : "")}";
}

/// <summary>Compares what was restored with what the backup recorded.</summary>
public static class BackupManifestComparison
{
    public static ManifestCheck Compare(BackupManifest? expected, BackupManifest restored)
    {
        if (expected is null)
        {
            return new ManifestCheck(false, [], "the archive restores; this backup has no manifest (taken before manifests were recorded), so its content could not be compared");
        }

        var differences = new List<string>();
        if (expected.Tables is { } tables)
        {
            CompareTables(tables, restored.Tables ?? [], expected.ChecksumMethod == restored.ChecksumMethod, differences);
        }

        if (expected.Keyspaces is { } keyspaces)
        {
            CompareKeyspaces(keyspaces, restored.Keyspaces ?? [], differences);
        }

        if (expected.RedisDigest is { } digest && restored.RedisDigest is { } actual && !string.Equals(digest, actual, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"DEBUG DIGEST is {actual}, the manifest recorded {digest}");
        }

        return new ManifestCheck(true, differences, Summarize(expected, restored));
    }

    private static void CompareTables(IReadOnlyList<TableManifest> expected, IReadOnlyList<TableManifest> restored, bool sameChecksums, List<string> differences)
    {
        var byName = restored.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in expected)
        {
            if (!byName.Remove(table.Name, out var actual))
            {
                differences.Add($"table {table.Name} ({table.Rows} rows) is missing");
            }
            else if (actual.Rows != table.Rows)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"table {table.Name} has {actual.Rows} rows, the manifest recorded {table.Rows}"));
            }
            else if (sameChecksums && actual.Checksum != table.Checksum)
            {
                differences.Add($"table {table.Name} has the recorded {table.Rows} rows but their checksum is {actual.Checksum}, not {table.Checksum}");
            }
        }

        foreach (var extra in byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            differences.Add($"table {extra.Name} ({extra.Rows} rows) is not in the manifest");
        }
    }

    private static void CompareKeyspaces(IReadOnlyList<RedisKeyspaceManifest> expected, IReadOnlyList<RedisKeyspaceManifest> restored, List<string> differences)
    {
        var actual = restored.ToDictionary(k => k.Database, k => k.Keys);
        foreach (var database in expected.Select(k => k.Database).Union(actual.Keys).Order())
        {
            var want = expected.FirstOrDefault(k => k.Database == database)?.Keys ?? 0;
            var have = actual.GetValueOrDefault(database);
            if (want != have)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"db{database} has {have} keys, the manifest recorded {want}"));
            }
        }
    }

    private static string Summarize(BackupManifest expected, BackupManifest restored)
    {
        if (expected.Tables is { } tables)
        {
            var what = expected.ChecksumMethod == restored.ChecksumMethod ? "counts and checksums match" : "counts match (its checksums were computed another way)";
            return string.Create(CultureInfo.InvariantCulture, $"{tables.Count} table(s), {tables.Sum(t => t.Rows)} rows: {what} the manifest");
        }

        var keys = (expected.Keyspaces ?? []).Sum(k => k.Keys);
        var digest = expected.RedisDigest is null || restored.RedisDigest is null
            ? "no digest recorded (the server did not allow DEBUG DIGEST)"
            : "DEBUG DIGEST matches";
        return string.Create(CultureInfo.InvariantCulture, $"{keys} key(s) in {(expected.Keyspaces ?? []).Count} database(s) match the manifest; {digest}");
    }
}
