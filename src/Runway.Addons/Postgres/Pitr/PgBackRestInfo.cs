using System.Text.Json;

namespace Runway.Addons.Postgres.Pitr;

/// <summary>Reads <c>pgbackrest info --output=json</c>: the stanza's backups, oldest first (pgBackRest command reference, "Info Command").</summary>
internal static class PgBackRestInfo
{
    public static IReadOnlyList<BaseBackup> Backups(string json, string stanza)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() != stanza)
            {
                continue;
            }

            if (!entry.TryGetProperty("backup", out var backups))
            {
                return [];
            }

            return backups.EnumerateArray()
                .Select(Backup)
                .OrderBy(b => b.FinishedAt)
                .ToList();
        }

        return [];
    }

    private static BaseBackup Backup(JsonElement backup)
    {
        var timestamp = backup.GetProperty("timestamp");
        var info = backup.GetProperty("info");
        var kind = backup.GetProperty("type").GetString() switch
        {
            "full" => BaseBackupKind.Full,
            "diff" => BaseBackupKind.Differential,
            "incr" => BaseBackupKind.Incremental,
            var other => throw new JsonException($"unknown pgBackRest backup type '{other}'"),
        };
        return new BaseBackup(
            backup.GetProperty("label").GetString() ?? throw new JsonException("a pgBackRest backup without a label"),
            kind,
            DateTimeOffset.FromUnixTimeSeconds(timestamp.GetProperty("start").GetInt64()),
            DateTimeOffset.FromUnixTimeSeconds(timestamp.GetProperty("stop").GetInt64()),
            info.GetProperty("size").GetInt64(),
            info.GetProperty("repository").GetProperty("delta").GetInt64());
    }

    public static string TypeArgument(BaseBackupKind kind) => kind switch
    {
        BaseBackupKind.Full => "full",
        BaseBackupKind.Differential => "diff",
        BaseBackupKind.Incremental => "incr",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
