using System.Globalization;

namespace Runway.Addons.Backups;

/// <summary>Which backups to keep: none older than <paramref name="MaxAge"/>, at most <paramref name="MaxCount"/> per
/// add-on; null means no limit of that kind. The newest backup of each add-on is always kept, even when it is older than
/// <paramref name="MaxAge"/>: a retention rule must never leave an add-on without a backup.</summary>
public sealed record RetentionPolicy(TimeSpan? MaxAge, int? MaxCount)
{
    /// <summary>Keeps everything.</summary>
    public static RetentionPolicy KeepAll { get; } = new(null, null);

    /// <summary>Reads a retention age such as <c>12h</c>, <c>30d</c> or <c>4w</c> (a whole number of hours, days or
    /// weeks) and a count (at least 1); either may be null for no limit of that kind.</summary>
    /// <param name="error">When false: what is wrong and what is allowed.</param>
    public static bool TryParse(string? maxAge, int? maxCount, out RetentionPolicy policy, out string error)
    {
        policy = KeepAll;
        TimeSpan? age = null;
        if (maxAge is not null)
        {
            if (!TryParseAge(maxAge, out var parsed, out error))
            {
                return false;
            }

            age = parsed;
        }

        if (maxCount is < 1)
        {
            error = $"retention count {maxCount} keeps no backup; use 1 or more (the newest backup is always kept)";
            return false;
        }

        policy = new RetentionPolicy(age, maxCount);
        error = "";
        return true;
    }

    /// <summary>Reads <c>12h</c>, <c>30d</c> or <c>4w</c>: a whole number above zero followed by h, d or w.</summary>
    public static bool TryParseAge(string text, out TimeSpan age, out string error)
    {
        age = default;
        var trimmed = text.Trim();
        TimeSpan? unit = trimmed.Length < 2 ? null : char.ToLowerInvariant(trimmed[^1]) switch
        {
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null || !int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ||
            count < 1 || count > 52 * 100)
        {
            error = $"\"{text}\" is not a retention age; use a whole number above zero followed by h, d or w (for example 12h, 30d or 4w)";
            return false;
        }

        age = unit.Value * count;
        error = "";
        return true;
    }

    /// <summary>The backups to delete at <paramref name="now"/>, newest first. Each add-on (app and add-on name) is judged
    /// on its own: its newest backup is kept; of the others, those past <see cref="MaxCount"/> (counting the newest) or
    /// older than <see cref="MaxAge"/> go. A backup exactly <see cref="MaxAge"/> old is kept.</summary>
    public IReadOnlyList<BackupMetadata> ToDelete(IReadOnlyList<BackupMetadata> backups, DateTimeOffset now)
    {
        var doomed = new List<BackupMetadata>();
        foreach (var addon in backups.GroupBy(b => (b.App, b.Addon)))
        {
            var newestFirst = BackupNames.NewestFirst(addon.DistinctBy(b => b.Id)); // a backup listed twice (local and S3 lists merged) is one backup
            for (var i = 1; i < newestFirst.Count; i++)
            {
                var backup = newestFirst[i];
                if (i >= MaxCount || now - backup.StartedAt > MaxAge)
                {
                    doomed.Add(backup);
                }
            }
        }

        return BackupNames.NewestFirst(doomed);
    }
}
