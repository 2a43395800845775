using System.IO.Compression;
using System.Text.Json;

namespace Runway.Addons.Backups;

/// <summary>The local backups under <c>$RUNWAY_HOME/backups</c>: <c>&lt;app&gt;/&lt;addon&gt;/&lt;id&gt;.&lt;ext&gt;[.gz]</c> with
/// <c>&lt;id&gt;.json</c> beside it. The dump is written and renamed into place first, its metadata last, so a backup
/// without metadata is incomplete and is never listed.</summary>
public sealed class BackupStore
{
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TimeProvider _time;

    public BackupStore(string directory, TimeProvider time)
    {
        Directory = Path.GetFullPath(directory);
        _time = time;
    }

    public string Directory { get; }

    /// <summary>Takes a gzip-compressed backup; see the overload taking <c>compress</c>.</summary>
    public Task<BackupMetadata> CreateAsync(string app, string addon, string kind, int? release, Func<Stream, CancellationToken, Task> produce, CancellationToken ct) =>
        CreateAsync(app, addon, kind, release, compress: true, produce, ct);

    /// <summary>Takes a backup: <paramref name="produce"/> writes the raw dump to the stream it is given (it may dispose
    /// it). The stored file is checksummed while it is written. If the producer throws, writes nothing, or is cancelled,
    /// nothing of the backup remains and the exception propagates.</summary>
    /// <param name="compress">False stores the dump as produced (pg_dump -Fc output is already compressed).</param>
    public Task<BackupMetadata> CreateAsync(
        string app, string addon, string kind, int? release, bool compress, Func<Stream, CancellationToken, Task> produce, CancellationToken ct) =>
        CreateAsync(app, addon, kind, release, compress, async (output, token) =>
        {
            await produce(output, token);
            return (BackupManifest?)null;
        }, ct);

    /// <summary>Takes a backup whose producer also says what the dump holds (read in the same snapshot); the manifest is
    /// stored in the metadata, so a restore and a verification can compare against it.</summary>
    public async Task<BackupMetadata> CreateAsync(
        string app, string addon, string kind, int? release, bool compress, Func<Stream, CancellationToken, Task<BackupManifest?>> produce, CancellationToken ct)
    {
        BackupNames.RequireSegment(app, nameof(app));
        BackupNames.RequireSegment(addon, nameof(addon));
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var id = BackupNames.NewId(startedAt);
        var fileName = BackupNames.FileName(id, kind, compress);
        var directory = CreateDirectory(app, addon);
        var dumpPath = Path.Combine(directory, fileName);

        BackupManifest? manifest = null;
        var written = await BackupFileWriter.WriteDumpAsync(dumpPath, compress, async (output, token) => manifest = await produce(output, token), ct);
        try
        {
            var backup = new BackupMetadata(id, app, addon, kind, startedAt, _time.GetElapsedTime(started), written.SizeBytes, written.Sha256, release, fileName)
            {
                Compression = compress ? BackupCompression.Gzip : BackupCompression.None,
                RawSizeBytes = written.RawSizeBytes,
                Manifest = manifest,
            };
            BackupFileWriter.WriteMetadata(Path.Combine(directory, BackupNames.MetadataFileName(id)), backup);
            return backup;
        }
        catch
        {
            BackupFileWriter.TryDelete(dumpPath);
            throw;
        }
    }

    /// <summary>The complete backups of <paramref name="app"/> (of one add-on, or of all), newest first. A metadata file
    /// that cannot be read, or whose dump file is missing, is not a usable backup and is left out.</summary>
    public IReadOnlyList<BackupMetadata> List(string app, string? addon = null)
    {
        BackupNames.RequireSegment(app, nameof(app));
        var appDirectory = Path.Combine(Directory, app);
        if (!System.IO.Directory.Exists(appDirectory))
        {
            return [];
        }

        IEnumerable<string> addonDirectories;
        if (addon is null)
        {
            addonDirectories = System.IO.Directory.EnumerateDirectories(appDirectory);
        }
        else
        {
            BackupNames.RequireSegment(addon, nameof(addon));
            addonDirectories = [Path.Combine(appDirectory, addon)];
        }

        var found = new List<BackupMetadata>();
        foreach (var directory in addonDirectories.Where(System.IO.Directory.Exists))
        {
            foreach (var metadataFile in System.IO.Directory.EnumerateFiles(directory, "*" + BackupNames.MetadataExtension))
            {
                if (ReadMetadata(metadataFile) is { } backup && backup.App == app && backup.Addon == Path.GetFileName(directory) &&
                    File.Exists(Path.Combine(directory, backup.FileName)))
                {
                    found.Add(backup);
                }
            }
        }

        return BackupNames.NewestFirst(found);
    }

    /// <summary>The path of the backup's stored file.</summary>
    public string PathOf(BackupMetadata backup)
    {
        BackupNames.RequireSafe(backup);
        return Path.Combine(Directory, backup.App, backup.Addon, backup.FileName);
    }

    /// <summary>Checks the stored file's SHA-256 against its metadata, then returns the raw dump (decompressed when it was
    /// gzipped), read from the same open file that was checked.</summary>
    /// <exception cref="BackupCorruptException">The file is not what was written; nothing should be restored from it.</exception>
    public async Task<Stream> OpenVerifiedAsync(BackupMetadata backup, CancellationToken ct)
    {
        var path = PathOf(backup);
        var file = FileDigest.OpenRead(path);
        try
        {
            await VerifyOpenFileAsync(file, path, backup, ct);
            file.Position = 0;
            return backup.Compression switch
            {
                BackupCompression.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: false),
                BackupCompression.None => file,
                _ => throw new InvalidDataException($"backup {path} has unknown compression \"{backup.Compression}\" in its metadata"),
            };
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Checks the stored file's SHA-256 against its metadata without restoring anything.</summary>
    /// <exception cref="BackupCorruptException">The file is not what was written.</exception>
    public async Task VerifyAsync(BackupMetadata backup, CancellationToken ct)
    {
        var path = PathOf(backup);
        await using var file = FileDigest.OpenRead(path);
        await VerifyOpenFileAsync(file, path, backup, ct);
    }

    /// <summary>Adds a backup taken elsewhere (an S3 copy downloaded to <paramref name="file"/>) to this store, checking the
    /// file against the metadata's SHA-256 as it is copied in. The source file is left where it is.</summary>
    /// <exception cref="BackupCorruptException">The file is not the one the metadata describes; nothing was added.</exception>
    public async Task ImportAsync(BackupMetadata backup, string file, CancellationToken ct)
    {
        var path = PathOf(backup);
        var directory = CreateDirectory(backup.App, backup.Addon);
        await BackupFileWriter.CopyVerifiedAsync(file, path, backup.Sha256, ct);
        BackupFileWriter.WriteMetadata(Path.Combine(directory, BackupNames.MetadataFileName(backup.Id)), backup);
    }

    /// <summary>Rewrites the metadata of a backup of this store (e.g. with its <see cref="BackupMetadata.LastVerification"/>
    /// or <see cref="BackupMetadata.Note"/>); its id, names and checksum must stay those of the stored file.</summary>
    /// <exception cref="FileNotFoundException">The backup is not in this store.</exception>
    public void UpdateMetadata(BackupMetadata backup)
    {
        var path = PathOf(backup);
        var metadataFile = Path.Combine(Path.GetDirectoryName(path)!, BackupNames.MetadataFileName(backup.Id));
        if (ReadMetadata(metadataFile) is not { } stored || stored.Sha256 != backup.Sha256 || stored.FileName != backup.FileName || !File.Exists(path))
        {
            throw new FileNotFoundException($"backup {backup.Id} of {backup.App}/{backup.Addon} is not in {Directory}", metadataFile);
        }

        BackupFileWriter.WriteMetadata(metadataFile, backup);
    }

    /// <summary>Removes the backup: its metadata first (so it is no longer listed), then its file.</summary>
    public void Delete(BackupMetadata backup)
    {
        var path = PathOf(backup);
        File.Delete(Path.Combine(Path.GetDirectoryName(path)!, BackupNames.MetadataFileName(backup.Id)));
        File.Delete(path);
    }

    /// <summary>Removes what an interrupted backup left behind (partial files, dumps whose metadata was never written) and
    /// returns their paths. Call it at start-up, before any backup runs: a backup being written looks incomplete too.</summary>
    public IReadOnlyList<string> RemoveIncomplete()
    {
        var removed = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return removed;
        }

        foreach (var directory in System.IO.Directory.EnumerateDirectories(Directory).SelectMany(System.IO.Directory.EnumerateDirectories))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                var incomplete = name.StartsWith('.') && name.EndsWith(BackupNames.PartialSuffix, StringComparison.Ordinal);
                if (!incomplete && BackupNames.DumpFileId(name) is { } id)
                {
                    incomplete = !File.Exists(Path.Combine(directory, BackupNames.MetadataFileName(id)));
                }

                if (incomplete)
                {
                    File.Delete(file);
                    removed.Add(file);
                }
            }
        }

        return removed;
    }

    private static async Task VerifyOpenFileAsync(FileStream file, string path, BackupMetadata backup, CancellationToken ct)
    {
        var actual = await FileDigest.Sha256Async(file, ct);
        if (!FileDigest.SameHash(actual, backup.Sha256))
        {
            throw new BackupCorruptException(path, backup.Sha256, actual);
        }
    }

    private static BackupMetadata? ReadMetadata(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var backup = JsonSerializer.Deserialize(file, BackupMetadataJson.Default.BackupMetadata);
            return backup is not null && BackupNames.IsSafe(backup) && Path.GetFileName(path) == BackupNames.MetadataFileName(backup.Id) ? backup : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string CreateDirectory(string app, string addon)
    {
        var path = Path.Combine(Directory, app, addon);
        foreach (var directory in new[] { Directory, Path.Combine(Directory, app), path })
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(directory, OwnerOnly);
            }
        }

        return path;
    }
}
