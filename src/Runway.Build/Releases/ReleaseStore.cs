using System.Globalization;
using System.Text.Json;
using Runway.Build.Planning;

namespace Runway.Build.Releases;

/// <summary>Numbered release directories under <c>$RUNWAY_HOME/releases/&lt;app&gt;/</c>. A release is written while
/// it builds and never modified once it is complete or failed.</summary>
public sealed class ReleaseStore(RunwayHome home, TimeProvider time)
{
    private const int MaxAllocationAttempts = 1000;

    public RunwayHome Home => home;

    public string AppDirectory(string app) => Path.Combine(home.ReleasesDirectory, CheckedName(app));

    /// <summary>Releases of the app, oldest first; directories without readable metadata are left out.</summary>
    public IReadOnlyList<ReleaseMetadata> List(string app) =>
        Numbers(AppDirectory(app)).Select(n => ReadMetadata(Open(app, n))).OfType<ReleaseMetadata>().ToList();

    /// <summary>The release with this number, or null when its directory does not exist.</summary>
    public Release? Find(string app, int number)
    {
        var release = Open(app, number);
        return Directory.Exists(release.Directory) ? release : null;
    }

    /// <summary>The newest complete release, or null.</summary>
    public ReleaseMetadata? LatestComplete(string app) => List(app).LastOrDefault(m => m.Status == ReleaseStatus.Complete);

    public ReleaseMetadata? ReadMetadata(Release release)
    {
        try
        {
            using var stream = File.OpenRead(release.MetadataPath);
            return JsonSerializer.Deserialize(stream, ReleaseJsonContext.Default.ReleaseMetadata);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Allocates the next free number and creates its directory with release.json (status Building).
    /// The directory is filled under a temporary name and renamed into place; a rename onto a number another build
    /// took first fails, so concurrent builds (threads or processes) never share a number.</summary>
    internal Release Create(string app, IReadOnlyList<BuildPlan> plans)
    {
        var appDirectory = AppDirectory(app);
        Directory.CreateDirectory(appDirectory);
        for (var attempt = 0; attempt < MaxAllocationAttempts; attempt++)
        {
            var number = Numbers(appDirectory).DefaultIfEmpty(0).Max() + 1;
            var staging = Path.Combine(appDirectory, ".staging-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            var metadata = new ReleaseMetadata(app, number, time.GetUtcNow(), ReleaseStatus.Building, plans.Select(ReleasePart.From).ToList());
            WriteMetadata(Path.Combine(staging, Release.MetadataFileName), metadata);
            try
            {
                // rename(2) cannot replace a non-empty directory, and the staging directory is never empty.
                Directory.Move(staging, Path.Combine(appDirectory, number.ToString(CultureInfo.InvariantCulture)));
                return Open(app, number);
            }
            catch (IOException)
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        throw new IOException($"could not allocate a release number under {appDirectory} after {MaxAllocationAttempts} attempts");
    }

    /// <summary>Copies a part's source into the release (see <see cref="SourceCopier"/>).</summary>
    internal void CopySource(Release release, string partName, string sourceDirectory, CancellationToken cancellationToken)
    {
        EnsureBuilding(release);
        var destination = release.PartDirectory(partName);
        if (Directory.Exists(destination))
        {
            throw new InvalidOperationException($"{release}: part '{partName}' was already copied");
        }

        SourceCopier.Copy(sourceDirectory, destination, [home.Path], cancellationToken);
    }

    /// <summary>Records the outcome; afterwards the release is never modified.</summary>
    internal ReleaseMetadata Finish(Release release, IReadOnlyList<ReleasePart> parts, ReleaseFailure? failure)
    {
        var current = EnsureBuilding(release);
        var finished = current with
        {
            Status = failure is null ? ReleaseStatus.Complete : ReleaseStatus.Failed,
            Parts = parts,
            Failure = failure,
            FinishedAt = time.GetUtcNow(),
        };
        WriteMetadata(release.MetadataPath, finished);
        return finished;
    }

    /// <summary>Throws when the release is not being built: a finished release must never change.</summary>
    internal ReleaseMetadata EnsureBuilding(Release release)
    {
        var metadata = ReadMetadata(release) ?? throw new InvalidOperationException($"{release}: {Release.MetadataFileName} is missing or unreadable");
        return metadata.Status == ReleaseStatus.Building
            ? metadata
            : throw new InvalidOperationException($"{release} is {metadata.Status.ToString().ToLowerInvariant()} and cannot be modified");
    }

    private Release Open(string app, int number) =>
        new(app, number, Path.Combine(AppDirectory(app), number.ToString(CultureInfo.InvariantCulture)));

    private static void WriteMetadata(string path, ReleaseMetadata metadata)
    {
        // Write then rename, so a reader never sees half a file.
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, metadata, ReleaseJsonContext.Default.ReleaseMetadata);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static IEnumerable<int> Numbers(string appDirectory) =>
        !Directory.Exists(appDirectory)
            ? []
            : Directory.EnumerateDirectories(appDirectory)
                .Select(Path.GetFileName)
                .Where(name => name is { Length: > 0 and < 10 } && name.All(char.IsAsciiDigit) && name[0] != '0')
                .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
                .Order();

    private static string CheckedName(string app) =>
        PartNameRules.IsPlainName(app) ? app : throw new ArgumentException($"app name '{app}' cannot be used as a directory name", nameof(app));
}
