using System.Globalization;

namespace Runway.Addons.Backups;

/// <summary>One backup from start to end: take it into the local store, copy it to S3 when a target is configured, then
/// apply retention to the local backups and to the S3 copies. Every outcome is reported through <c>report</c>; failures
/// are alerts and are never swallowed silently. Retention only runs after a successful backup.</summary>
public sealed class BackupRunner(BackupStore store, S3BackupTarget? remote, RetentionPolicy retention, TimeProvider time, Action<BackupEvent> report)
{
    /// <summary>Takes and stores one backup; returns it, or null when it failed (the failure has been reported). Throws
    /// only <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled (reported too).</summary>
    public Task<BackupMetadata?> RunAsync(
        string app, string addon, string kind, int? release, bool compress, Func<Stream, CancellationToken, Task> produce, CancellationToken ct) =>
        RunAsync(app, addon, token => store.CreateAsync(app, addon, kind, release, compress, produce, token), ct);

    /// <summary>Like the overload taking a producer, for a backup that <paramref name="take"/> writes into this runner's
    /// store itself (an add-on that knows how to dump itself); <paramref name="take"/> returns the stored backup or throws.</summary>
    public async Task<BackupMetadata?> RunAsync(string app, string addon, Func<CancellationToken, Task<BackupMetadata>> take, CancellationToken ct)
    {
        BackupMetadata backup;
        try
        {
            backup = await take(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            report(new BackupEvent(app, addon, BackupEventKind.Failed, $"backup of {app}/{addon} was cancelled before it finished; nothing was kept"));
            throw;
        }
        catch (Exception e)
        {
            report(new BackupEvent(app, addon, BackupEventKind.Failed, $"backup of {app}/{addon} failed: {e.Message}"));
            return null;
        }

        report(new BackupEvent(app, addon, BackupEventKind.Created,
            $"backup {backup.Id} of {app}/{addon}: {Size(backup.SizeBytes)} in {backup.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, sha256 {backup.Sha256}",
            backup));

        if (remote is not null)
        {
            await UploadAsync(backup, ct);
        }

        PruneLocal(app, addon);
        if (remote is not null)
        {
            await PruneRemoteAsync(remote, app, addon, ct);
        }

        return backup;
    }

    private async Task UploadAsync(BackupMetadata backup, CancellationToken ct)
    {
        var where = $"s3://{remote!.Bucket}";
        try
        {
            await remote.UploadAsync(backup, store.PathOf(backup), ct);
            report(new BackupEvent(backup.App, backup.Addon, BackupEventKind.Uploaded, $"backup {backup.Id} of {backup.App}/{backup.Addon} copied to {where}", backup));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            report(new BackupEvent(backup.App, backup.Addon, BackupEventKind.UploadFailed,
                $"backup {backup.Id} of {backup.App}/{backup.Addon} was kept locally but could not be copied to {where}: {e.Message}", backup));
        }
    }

    private void PruneLocal(string app, string addon)
    {
        IReadOnlyList<BackupMetadata> doomed;
        try
        {
            doomed = retention.ToDelete(store.List(app, addon), time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report(new BackupEvent(app, addon, BackupEventKind.PruneFailed, $"retention of the local backups of {app}/{addon} failed: {e.Message}"));
            return;
        }

        foreach (var old in doomed)
        {
            try
            {
                store.Delete(old);
                report(new BackupEvent(app, addon, BackupEventKind.Pruned, $"backup {old.Id} of {app}/{addon} deleted by retention ({Describe(retention)})", old));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                report(new BackupEvent(app, addon, BackupEventKind.PruneFailed, $"backup {old.Id} of {app}/{addon} could not be deleted: {e.Message}", old));
            }
        }
    }

    private async Task PruneRemoteAsync(S3BackupTarget target, string app, string addon, CancellationToken ct)
    {
        try
        {
            var copies = await target.ListBackupsAsync(app, addon, ct);
            foreach (var old in retention.ToDelete(copies, time.GetUtcNow()))
            {
                await target.DeleteAsync(old, ct);
                report(new BackupEvent(app, addon, BackupEventKind.Pruned,
                    $"S3 copy of backup {old.Id} of {app}/{addon} deleted by retention ({Describe(retention)})", old));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            report(new BackupEvent(app, addon, BackupEventKind.PruneFailed,
                $"retention of the S3 copies of {app}/{addon} in s3://{target.Bucket} failed: {e.Message}"));
        }
    }

    private static string Describe(RetentionPolicy policy) =>
        string.Join(", ", new[]
        {
            policy.MaxAge is { } age ? $"older than {age.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h" : null,
            policy.MaxCount is { } count ? $"more than {count} kept" : null,
        }.OfType<string>());

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        < 1024L * 1024 * 1024 => $"{(bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
        _ => $"{(bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture)} GiB",
    };
}
