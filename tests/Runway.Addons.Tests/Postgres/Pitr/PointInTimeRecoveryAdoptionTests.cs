using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;
using Xunit.Abstractions;

namespace Runway.Addons.Tests.Postgres.Pitr;

/// <summary>An existing cluster without archiving: adopted while running it keeps running as it is; its next start archives.</summary>
public sealed class PointInTimeRecoveryAdoptionTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Archiving_starts_with_the_next_restart_of_a_cluster_adopted_without_it()
    {
        if (!PitrClusterFixture.Available)
        {
            output.WriteLine(PitrClusterFixture.SkipMessage);
            return;
        }

        var directory = PitrClusterFixture.NewDirectory();
        try
        {
            var plain = await PostgresCluster.StartAsync(PitrClusterFixture.Options(directory, pointInTimeRecovery: false), None);
            Assert.Null(plain.PointInTimeRecovery);
            var postmaster = plain.ServerProcessId;

            // Adopted while running: not restarted under the apps' connections, and it says when recovery becomes possible.
            var adopted = await PostgresCluster.StartAsync(PitrClusterFixture.Options(directory, pointInTimeRecovery: true), None);
            Assert.Equal(postmaster, adopted.ServerProcessId);
            var inactive = adopted.PointInTimeRecovery!;
            Assert.False(inactive.ArchivingActive);
            Assert.Contains("next restart", inactive.Problem, StringComparison.Ordinal);
            var refused = await Assert.ThrowsAsync<PointInTimeRecoveryException>(() => inactive.TakeBaseBackupAsync(BaseBackupKind.Full, None));
            Assert.Equal(PointInTimeRecoveryFailure.ArchivingInactive, refused.Reason);
            Assert.Contains("next restart", refused.Message, StringComparison.Ordinal);
            await adopted.StopAsync(None);
            await plain.DisposeAsync();

            await using var restarted = await PostgresCluster.StartAsync(PitrClusterFixture.Options(directory, pointInTimeRecovery: true), None);
            var recovery = restarted.PointInTimeRecovery!;
            Assert.True(recovery.ArchivingActive, recovery.Problem);
            await recovery.CheckArchivingAsync(None);

            var app = await restarted.ProvisionAsync("shop", "production", None);
            var noBackup = await Assert.ThrowsAsync<PointInTimeRecoveryException>(
                () => recovery.DumpDatabaseAtAsync(app.Database, DateTimeOffset.UtcNow.AddSeconds(-1), Stream.Null, None));
            Assert.Equal(PointInTimeRecoveryFailure.NoBaseBackup, noBackup.Reason);

            // An incremental backup needs a full one before it: pgBackRest takes a full one instead; a differential then builds on it.
            var first = await recovery.TakeBaseBackupAsync(BaseBackupKind.Incremental, None);
            Assert.Equal(BaseBackupKind.Full, first.Kind);
            var differential = await recovery.TakeBaseBackupAsync(BaseBackupKind.Differential, None);
            Assert.Equal(BaseBackupKind.Differential, differential.Kind);
            Assert.StartsWith(first.Label + "_", differential.Label, StringComparison.Ordinal);

            // A database created after the target time did not exist then.
            while (DateTimeOffset.UtcNow <= differential.RecoverableFrom.AddMilliseconds(100))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }

            var before = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var late = await restarted.ProvisionAsync("late", "production", None);
            var missing = await Assert.ThrowsAsync<PointInTimeRecoveryException>(() => recovery.DumpDatabaseAtAsync(late.Database, before, Stream.Null, None));
            Assert.Equal(PointInTimeRecoveryFailure.DatabaseMissing, missing.Reason);
            Assert.Contains(late.Database, missing.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(recovery.Directory, "restore")));

            // pgBackRest's files belong to the cluster's user, private to it.
            var owner = File.GetUnixFileMode(recovery.Directory);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, owner);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(recovery.Directory, "pgbackrest.conf")));
        }
        finally
        {
            PitrClusterFixture.KillServersUnder(directory);
            Directory.Delete(directory, recursive: true);
        }
    }
}
