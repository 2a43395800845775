using System.Globalization;

namespace Runway.Addons.Backups;

/// <summary>Finds the backup a user named: its full id as `runway db backups` shows it, or a prefix of it that only one
/// backup has. A miss says what exists, so the user can pick.</summary>
public static class BackupLookup
{
    /// <summary>How many of the newest backups an error lists.</summary>
    public const int Listed = 5;

    /// <param name="backups">The app's backups, newest first (<see cref="BackupStore.List"/>).</param>
    /// <param name="error">When null is returned: what was wrong and which backups exist.</param>
    public static BackupMetadata? Find(IReadOnlyList<BackupMetadata> backups, string app, string idOrPrefix, out string error)
    {
        error = "";
        var wanted = idOrPrefix.Trim();
        if (wanted.Length > 0 && backups.FirstOrDefault(b => b.Id == wanted) is { } exact)
        {
            return exact;
        }

        var matches = wanted.Length == 0 ? [] : backups.Where(b => b.Id.StartsWith(wanted, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        error = matches.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"\"{wanted}\" names {matches.Count} backups of {app}; give more of the id: {string.Join(", ", matches.Take(Listed).Select(Describe))}")
            : backups.Count == 0
                ? $"{app} has no backup \"{wanted}\": it has no backups at all; take one with `runway db backup {app}`"
                : $"{app} has no backup \"{wanted}\"; the newest: {string.Join(", ", backups.Take(Listed).Select(Describe))} (`runway db backups {app}` lists them all)";
        return null;
    }

    private static string Describe(BackupMetadata backup) =>
        string.Create(CultureInfo.InvariantCulture, $"{backup.Id} ({backup.Addon}, {backup.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)");
}
