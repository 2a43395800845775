using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Runway.Addons.Backups;

/// <summary>Names of backups and of their files: ids that sort by time, one file extension per kind, and the checks that
/// keep app and add-on names to a single safe path segment.</summary>
internal static partial class BackupNames
{
    public const string MetadataExtension = ".json";
    public const string PartialSuffix = ".partial";

    /// <summary>A new id: the start time to the millisecond (so ids sort by time) and a random suffix (so two backups
    /// started in the same millisecond do not collide).</summary>
    public static string NewId(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>The stored file's name: <c>&lt;id&gt;.dump.gz</c>, <c>&lt;id&gt;.rdb.gz</c>, or without <c>.gz</c> when stored as produced.</summary>
    public static string FileName(string id, string kind, bool compressed) =>
        id + "." + Extension(kind) + (compressed ? ".gz" : "");

    public static string MetadataFileName(string id) => id + MetadataExtension;

    /// <summary>The id in a dump file name this store writes (<c>&lt;id&gt;.dump.gz</c>...), or null for any other name.</summary>
    public static string? DumpFileId(string fileName) =>
        DumpFileName().Match(fileName) is { Success: true } match ? match.Groups["id"].Value : null;

    [GeneratedRegex(@"^(?<id>[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6})\.(dump|rdb)(\.gz)?$")]
    private static partial Regex DumpFileName();

    public static string Extension(string kind) => kind switch
    {
        "postgres" => "dump",
        "redis" => "rdb",
        _ => throw new ArgumentException($"unknown backup kind \"{kind}\" (expected \"postgres\" or \"redis\")", nameof(kind)),
    };

    /// <summary>Throws unless <paramref name="name"/> is usable as one directory name: letters, digits, '.', '-' and '_',
    /// starting with a letter or digit (so never "..", never a path separator).</summary>
    public static void RequireSegment(string name, string paramName)
    {
        if (!IsSegment(name))
        {
            throw new ArgumentException(
                $"\"{name}\" cannot name a backup directory: use 1-100 letters, digits, '.', '-' or '_', starting with a letter or digit",
                paramName);
        }
    }

    public static bool IsSegment(string name) =>
        name.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Throws unless the metadata's names are safe to turn into paths and object keys (metadata may come from a
    /// file or an S3 object that someone else wrote).</summary>
    public static void RequireSafe(BackupMetadata backup)
    {
        if (!IsSafe(backup))
        {
            throw new ArgumentException(
                $"backup \"{backup.Id}\" of \"{backup.App}\"/\"{backup.Addon}\" names its file \"{backup.FileName}\": one of these is not a safe file name",
                nameof(backup));
        }
    }

    public static bool IsSafe(BackupMetadata backup) =>
        IsSegment(backup.App) && IsSegment(backup.Addon) && IsSegment(backup.Id) && IsSegment(backup.FileName) &&
        backup.FileName.StartsWith(backup.Id + ".", StringComparison.Ordinal) && backup.FileName != MetadataFileName(backup.Id);

    /// <summary>Newest first: by start time, then by id.</summary>
    public static List<BackupMetadata> NewestFirst(IEnumerable<BackupMetadata> backups) =>
        [.. backups.OrderByDescending(b => b.StartedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal)];
}
