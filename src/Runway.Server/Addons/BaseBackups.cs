using System.Globalization;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;
using Runway.Server.Progress;

namespace Runway.Server.Addons;

/// <summary>The first base backup of the PostgreSQL cluster, taken when it starts without one, so that
/// <c>runway db restore APP --to-time T</c> works from the first deploy on (later ones come from the daily loop).</summary>
internal static class BaseBackups
{
    public static async Task EnsureFirstAsync(PostgresCluster cluster, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (cluster.PointInTimeRecovery is not { } recovery)
        {
            return;
        }

        if (!recovery.ArchivingActive)
        {
            progress.Warning($"point-in-time recovery is not available: {recovery.Problem}");
            return;
        }

        try
        {
            if ((await recovery.GetRecoveryWindowAsync(cancellationToken)).Backups.Count > 0)
            {
                return;
            }

            progress.Step("taking the cluster's first base backup (point-in-time recovery starts from it)");
            var backup = await recovery.TakeBaseBackupAsync(BaseBackupKind.Full, cancellationToken);
            progress.Step(string.Create(CultureInfo.InvariantCulture, $"base backup {backup.Label}: recoverable from {backup.RecoverableFrom:u}"));
        }
        catch (PointInTimeRecoveryException e)
        {
            progress.Warning($"point-in-time recovery is not available yet: {e.Message}");
        }
    }
}
