using System.Globalization;
using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Addons.Redis;
using Runway.Model;
using Runway.Server.Addons;
using Runway.Server.Progress;

namespace Runway.Server.Daemon;

/// <summary>`runway db restore` and `runway db verify`: a backup's file is checked against its SHA-256 before anything is
/// read from it, restored into a fresh copy and compared with the manifest recorded when it was taken; a restore into the
/// app's own add-on first takes a safety backup, whose id every message names so the restore can be undone.</summary>
internal sealed partial class RunwayDaemon
{
    /// <summary>`runway db restore APP BACKUP [--addon NAME] [--to-database NAME]`: replaces the add-on's data with the
    /// backup's (after a safety backup), or with <paramref name="toDatabase"/> restores a PostgreSQL backup into a new
    /// database beside the live one.</summary>
    public Task<bool> RestoreAsync(string app, string backupId, string? addon, string? toDatabase, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, _) =>
        {
            if (host.Current is not { } running)
            {
                progress.Error($"{app} is not running; its add-ons are restored while it runs (`runway restart {app}` starts it)");
                return false;
            }

            if (FindBackup(app, addon, backupId, progress) is not { } backup)
            {
                return false;
            }

            var target = running.Prepared.App.Addons.FirstOrDefault(a => a.Name == backup.Addon);
            if (target is null)
            {
                progress.Error($"backup {backup.Id} is of add-on {backup.Addon}, which {app} no longer has; add [addons.{backup.Addon}] back to restore it");
                return false;
            }

            if (toDatabase is not null && target.Kind != AddonKind.Postgres)
            {
                progress.Error($"--to-database restores a PostgreSQL backup beside the live database; {backup.Addon} is a {backup.Kind} add-on");
                return false;
            }

            try
            {
                progress.Step($"checking backup {backup.Id} of {target.Name} against its SHA-256");
                await using var archive = await _context.Addons.Backups.OpenVerifiedAsync(backup, cancellationToken);
                return toDatabase is null
                    ? await RestoreIntoAddonAsync(running.Prepared.App, target, Describe(backup), archive, backup.Manifest, running.Number, progress, cancellationToken)
                    : await RestoreBesideAsync(running.Prepared.App, target, Describe(backup), archive, backup.Manifest, toDatabase, progress, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PostgresAddonException or RedisAddonException)
            {
                var unchanged = e is BackupCorruptException ? "" : "; the live data was not replaced";
                RecordFailure(app, "restore-failed", $"{target.Name}: backup {backup.Id} was not restored: {e.Message}{unchanged}", progress);
                return false;
            }
        }, cancellationToken);

    /// <summary>`runway db verify APP BACKUP`: restores the backup into a scratch copy, compares it with its manifest and
    /// records the result (event and metadata). True when it passed.</summary>
    public async Task<bool> VerifyBackupAsync(string app, string backupId, string? addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (!KnownApp(app, progress) || FindBackup(app, addon, backupId, progress) is not { } backup)
        {
            return false;
        }

        return (await VerifyAsync(backup, progress, cancellationToken)).Passed;
    }

    /// <summary>Verifies the newest backup of <paramref name="app"/>'s add-on <paramref name="addon"/> (for a schedule):
    /// restores it into a scratch copy, compares it with its manifest, records a "backup-verified" or
    /// "backup-verify-failed" event and the result in the backup's metadata. Null when the add-on has no backup (reported).</summary>
    public async Task<BackupVerification?> VerifyNewestBackupAsync(string app, string addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var backups = BackupNames.IsSegment(app) && BackupNames.IsSegment(addon) ? _context.Addons.Backups.List(app, addon) : [];
        if (backups.Count == 0)
        {
            AlertVerifyFailure(app, addon, $"{addon}: there is no backup of it to verify; take one with `runway db backup {app} --addon {addon}`", null, progress);
            return null;
        }

        return await VerifyAsync(backups[0], progress, cancellationToken);
    }

    /// <summary>Replaces the add-on's data with <paramref name="archive"/> (a <c>pg_dump -Fc</c> archive or an RDB snapshot,
    /// already checked): takes a safety backup, restores into a fresh copy, compares it with <paramref name="manifest"/>
    /// (null: only that it restores) and swaps it in; records a "restore" or "restore-failed" event naming the safety
    /// backup. <paramref name="source"/> says what is restored ("backup ID (taken T)"). Call it inside the app's exclusive
    /// section (<see cref="WithAppAsync"/>), as any producer of an archive may (a point-in-time recovery's dump).</summary>
    private async Task<bool> RestoreIntoAddonAsync(
        AppSpec app, AddonSpec addon, string source, Stream archive, BackupManifest? manifest, int release, IProgressReporter progress, CancellationToken cancellationToken)
    {
        progress.Step($"taking a safety backup of {addon.Name} before restoring");
        var safety = await _context.Addons.BackupAsync(app, addon, release, progress, cancellationToken);
        safety = safety with { Note = $"safety backup before restoring {source}" };
        _context.Addons.Backups.UpdateMetadata(safety);
        var undo = $"the data before it is in safety backup {safety.Id} (undo: runway db restore {app.Name} {safety.Id})";
        _context.State.AddEvent(app.Name, "backup", $"{addon.Name}: {safety.Id} ({safety.SizeBytes} bytes, sha256 {safety.Sha256}), safety backup before restoring {source}");
        progress.Step($"safety backup {safety.Id} taken");

        var result = await new AddonRestores(_context.Addons, _context.Time).ReplaceAsync(app, addon, archive, manifest, progress, cancellationToken);
        if (!result.Check.Matches)
        {
            var what = result.Replaced
                ? $"{addon.Name}: {source} was restored but the add-on now differs from its manifest ({result.Check.Describe()}); {undo}"
                : $"{addon.Name}: {source} was not restored: the restored copy differs from its manifest ({result.Check.Describe()}); the live data is unchanged";
            RecordFailure(app.Name, "restore-failed", what, progress);
            return false;
        }

        var message = $"{addon.Name}: restored {source}: {result.Check.Summary}; {undo}";
        _context.State.AddEvent(app.Name, "restore", message);
        progress.Step(message);
        return true;
    }

    /// <summary>Restores a PostgreSQL <paramref name="archive"/> into the new database <paramref name="name"/> beside the
    /// live one, owned by the app's role; records a "restore" event and shows the new database's URL to the caller only.</summary>
    private async Task<bool> RestoreBesideAsync(
        AppSpec app, AddonSpec addon, string source, Stream archive, BackupManifest? manifest, string name, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var result = await new AddonRestores(_context.Addons, _context.Time).RestoreBesideAsync(app, name, archive, manifest, progress, cancellationToken);
        if (result.NewDatabase is not { } database)
        {
            RecordFailure(app.Name, "restore-failed", $"{addon.Name}: {source} was not restored into {name}: the restored copy differs from its manifest ({result.Check.Describe()}); it was dropped", progress);
            return false;
        }

        var message = $"{addon.Name}: restored {source} into the new database {database.Database} beside the live one, owned by {database.Role}: {result.Check.Summary}";
        _context.State.AddEvent(app.Name, "restore", message);
        progress.Step(message);
        // The URL carries the role's password: it goes to the user's terminal only, never to the event log.
        progress.Detail($"its URL (the app's role and password): {database.ConnectionUrl}");
        return true;
    }

    private async Task<BackupVerification> VerifyAsync(BackupMetadata backup, IProgressReporter progress, CancellationToken cancellationToken)
    {
        BackupVerification verification;
        try
        {
            progress.Step($"verifying backup {backup.Id} of {backup.Addon}: checking its SHA-256");
            await using var archive = await _context.Addons.Backups.OpenVerifiedAsync(backup, cancellationToken);
            var check = await new AddonRestores(_context.Addons, _context.Time).VerifyAsync(backup.Kind, archive, backup.Manifest, progress, cancellationToken);
            verification = new BackupVerification(_context.Time.GetUtcNow(), check.Matches, check.Describe());
        }
        catch (BackupCorruptException e)
        {
            verification = new BackupVerification(_context.Time.GetUtcNow(), false, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PostgresAddonException or RedisAddonException)
        {
            verification = new BackupVerification(_context.Time.GetUtcNow(), false, $"it does not restore: {e.Message}");
        }

        try
        {
            _context.Addons.Backups.UpdateMetadata(backup with { LastVerification = verification });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            progress.Warning($"the result could not be recorded in backup {backup.Id}'s metadata: {e.Message}");
        }

        var message = $"{backup.Addon}: backup {backup.Id} (taken {Taken(backup)}) {(verification.Passed ? "verified" : "failed verification")}: {verification.Detail}";
        if (verification.Passed)
        {
            _context.State.AddEvent(backup.App, "backup-verified", message);
            progress.Step(message);
        }
        else
        {
            AlertVerifyFailure(backup.App, backup.Addon, message, backup, progress);
        }

        return verification;
    }

    private BackupMetadata? FindBackup(string app, string? addon, string backupId, IProgressReporter progress)
    {
        if (addon is not null && !BackupNames.IsSegment(addon))
        {
            progress.Error($"\"{addon}\" is not an add-on name; `runway addons {app}` lists them");
            return null;
        }

        var backups = _context.Addons.Backups.List(app, addon);
        var backup = BackupLookup.Find(backups, app, backupId, out var error);
        if (backup is null)
        {
            progress.Error(addon is null ? error : $"add-on {addon}: {error}");
        }

        return backup;
    }

    private bool KnownApp(string app, IProgressReporter progress)
    {
        if (_context.State.FindApp(app) is not null)
        {
            return true;
        }

        var known = _context.State.ListApps().Select(a => a.Name).ToList();
        progress.Error($"no app named {app}" + (known.Count == 0 ? "; deploy one with `runway deploy DIR`" : $"; apps: {string.Join(", ", known)}"));
        return false;
    }

    /// <summary>A failed verification is an alert like a failed backup: event, alert log, status, metrics and webhook.</summary>
    private void AlertVerifyFailure(string app, string addon, string message, BackupMetadata? backup, IProgressReporter progress)
    {
        var host = FindApp(app);
        var webhook = host?.Current?.Prepared.App.Addons.FirstOrDefault(a => a.Name == addon)?.Backups?.AlertWebhook;
        _backups.Outcomes.Record(new BackupEvent(app, addon, BackupEventKind.VerifyFailed, message, backup), host?.Log, webhook);
        progress.Error(message);
    }

    private void RecordFailure(string app, string kind, string message, IProgressReporter progress)
    {
        _context.State.AddEvent(app, kind, message);
        progress.Error(message);
    }

    private static string Describe(BackupMetadata backup) => $"backup {backup.Id} (taken {Taken(backup)})";

    private static string Taken(BackupMetadata backup) =>
        backup.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
