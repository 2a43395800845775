using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using Runway.Addons.Backups;

namespace Runway.Addons.Postgres;

/// <summary>The outcome of a restore: the comparison with the backup's manifest, and whether the restored database took
/// its place (a mismatch leaves everything as it was).</summary>
internal sealed record PostgresRestoreResult(ManifestCheck Check, bool Swapped, PostgresDatabase Database);

/// <summary>Restores <c>pg_dump -Fc</c> archives into the cluster. Every restore goes into a fresh database first
/// (<c>CREATE DATABASE ... TEMPLATE template0</c>, so nothing from template1 collides with the archive), is compared with
/// the manifest, and only then takes the live database's place, is kept beside it, or is dropped (verification). The
/// archive is read once from a stream, so it may come from a local file, an S3 download or another producer.</summary>
internal sealed partial class PostgresRestore(PostgresCluster cluster, TimeProvider time)
{
    /// <summary>How long the swap waits for the live database's sessions to end after they were terminated.</summary>
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Restores into a new database owned by <paramref name="live"/>'s role; when it matches the manifest,
    /// disconnects the live database's sessions, renames the live database aside and the restored one into its place in one
    /// transaction, then drops the one set aside. Any failure before the swap leaves the live database untouched and drops
    /// the half-restored one.</summary>
    public Task<PostgresRestoreResult> ReplaceAsync(PostgresDatabase live, Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct) =>
        ExplainedAsync(live.Database, () => ReplaceCoreAsync(live, archive, expected, step, ct));

    private async Task<PostgresRestoreResult> ReplaceCoreAsync(PostgresDatabase live, Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct)
    {
        var restoring = "runway_restore_" + RandomSuffix();
        var check = await RestoreIntoNewAsync(restoring, live.Role, archive, expected, keepOwners: true, step, ct);
        if (!check.Matches)
        {
            await DropQuietlyAsync(restoring);
            return new PostgresRestoreResult(check, false, live);
        }

        try
        {
            step($"disconnecting the sessions of {live.Database} and swapping in the restored database");
            await SwapAsync(live.Database, restoring, step, ct);
        }
        catch
        {
            await DropQuietlyAsync(restoring);
            throw;
        }

        return new PostgresRestoreResult(check, true, live);
    }

    /// <summary>Restores into a new database <paramref name="name"/> beside the live one, owned by the same role, which can
    /// connect to it with its own password; the live database is not touched. A mismatch drops it again.</summary>
    public Task<PostgresRestoreResult> RestoreBesideAsync(PostgresDatabase live, string name, Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct) =>
        ExplainedAsync(name, () => RestoreBesideCoreAsync(live, name, archive, expected, step, ct));

    private async Task<PostgresRestoreResult> RestoreBesideCoreAsync(PostgresDatabase live, string name, Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct)
    {
        if (!IsNewDatabaseName(name))
        {
            throw new PostgresAddonException(
                $"\"{name}\" cannot name the new database: use 1-63 lower-case letters, digits and '_', starting with a letter, and not starting with pg_ or runway_");
        }

        await using (var admin = await AdminAsync(ct))
        {
            if (await PostgresContents.ScalarAsync(admin, "SELECT 1 FROM pg_database WHERE datname = $1", ct, name) is not null)
            {
                throw new PostgresAddonException($"a database named {name} already exists in the cluster; choose another name for --to-database");
            }
        }

        var check = await RestoreIntoNewAsync(name, live.Role, archive, expected, keepOwners: true, step, ct);
        if (!check.Matches)
        {
            await DropQuietlyAsync(name);
        }

        return new PostgresRestoreResult(check, false, live with { Database = name });
    }

    /// <summary>Restores into a scratch database (owned by the superuser, without the archive's owners and grants, so it needs
    /// no app role), compares it with the manifest and drops it.</summary>
    public Task<ManifestCheck> VerifyAsync(Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct) =>
        ExplainedAsync("a scratch database", () => VerifyCoreAsync(archive, expected, step, ct));

    private async Task<ManifestCheck> VerifyCoreAsync(Stream archive, BackupManifest? expected, Action<string> step, CancellationToken ct)
    {
        var scratch = "runway_verify_" + RandomSuffix();
        var check = await RestoreIntoNewAsync(scratch, owner: null, archive, expected, keepOwners: false, step, ct);
        await DropQuietlyAsync(scratch);
        return check;
    }

    /// <summary>Creates <paramref name="name"/>, restores the archive into it and compares it with the manifest; on any
    /// failure the database is dropped again and the exception propagates.</summary>
    private async Task<ManifestCheck> RestoreIntoNewAsync(
        string name, string? owner, Stream archive, BackupManifest? expected, bool keepOwners, Action<string> step, CancellationToken ct)
    {
        await using (var admin = await AdminAsync(ct))
        {
            var ownerClause = owner is null ? "" : $" OWNER {PostgresNames.QuoteIdentifier(owner)}";
            await PostgresContents.ExecuteAsync(admin, $"CREATE DATABASE {PostgresNames.QuoteIdentifier(name)}{ownerClause} TEMPLATE template0 ENCODING 'UTF8'", ct);
        }

        try
        {
            await using (var admin = await AdminAsync(ct))
            {
                // PUBLIC may connect to a new database by default (PostgreSQL docs 5.7); only its owner should.
                await PostgresContents.ExecuteAsync(admin, $"REVOKE ALL ON DATABASE {PostgresNames.QuoteIdentifier(name)} FROM PUBLIC", ct);
            }

            step($"pg_restore into database {name}");
            var target = cluster.Superuser(name);
            IReadOnlyList<string> ownership = keepOwners ? [] : ["--no-owner", "--no-acl"];
            await PostgresClientProgram.RunAsync(
                PostgresClientProgram.PgRestore,
                ["--exit-on-error", .. ownership, .. PostgresClientProgram.ConnectionArguments(target)],
                target, archive, output: null, $"restoring into database '{name}'", ct);

            step($"comparing {name} with the backup's manifest");
            var restored = await PostgresContents.ReadAsync(target, ct);
            return BackupManifestComparison.Compare(expected, restored);
        }
        catch
        {
            await DropQuietlyAsync(name);
            throw;
        }
    }

    private async Task SwapAsync(string live, string restored, Action<string> step, CancellationToken ct)
    {
        var aside = "runway_replaced_" + RandomSuffix();
        var liveName = PostgresNames.QuoteIdentifier(live);
        await using var admin = await AdminAsync(ct);
        // No new session may start while the old ones end; a superuser is refused too (PostgreSQL docs, ALTER DATABASE).
        await PostgresContents.ExecuteAsync(admin, $"ALTER DATABASE {liveName} WITH ALLOW_CONNECTIONS false", ct);
        try
        {
            var started = time.GetTimestamp();
            while (true)
            {
                await DisconnectAsync(admin, live, started, ct);
                try
                {
                    await using var transaction = await admin.BeginTransactionAsync(ct);
                    await PostgresContents.ExecuteAsync(admin, $"ALTER DATABASE {liveName} RENAME TO {PostgresNames.QuoteIdentifier(aside)}", ct);
                    await PostgresContents.ExecuteAsync(admin, $"ALTER DATABASE {PostgresNames.QuoteIdentifier(restored)} RENAME TO {liveName}", ct);
                    await transaction.CommitAsync(ct);
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && time.GetElapsedTime(started) < DisconnectTimeout)
                {
                    // A session was being set up while the others were terminated; terminate again.
                }
            }
        }
        catch
        {
            await PostgresContents.ExecuteAsync(admin, $"ALTER DATABASE {liveName} WITH ALLOW_CONNECTIONS true", CancellationToken.None);
            throw;
        }

        step($"dropping the replaced database (set aside as {aside})");
        await PostgresContents.ExecuteAsync(admin, $"DROP DATABASE {PostgresNames.QuoteIdentifier(aside)} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>Terminates every other session on <paramref name="database"/> and waits until they are gone.</summary>
    private async Task DisconnectAsync(NpgsqlConnection admin, string database, long started, CancellationToken ct)
    {
        const string Others = "FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()";
        while (true)
        {
            await PostgresContents.ScalarAsync(admin, "SELECT count(pg_terminate_backend(pid)) " + Others, ct, database);
            if ((long)(await PostgresContents.ScalarAsync(admin, "SELECT count(*) " + Others, ct, database))! == 0)
            {
                return;
            }

            if (time.GetElapsedTime(started) > DisconnectTimeout)
            {
                throw new PostgresAddonException($"the sessions of database {database} did not end within {DisconnectTimeout.TotalSeconds:0} s of being terminated; nothing was swapped");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    private async Task DropQuietlyAsync(string name)
    {
        try
        {
            await using var admin = await AdminAsync(CancellationToken.None);
            await PostgresContents.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {PostgresNames.QuoteIdentifier(name)} WITH (FORCE)", CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresAddonException)
        {
            // The failure being reported matters more; the leftover has a runway_ name and can be dropped by hand.
        }
    }

    /// <summary>A statement the server refused becomes a <see cref="PostgresAddonException"/> naming what was being restored.</summary>
    private static async Task<T> ExplainedAsync<T>(string into, Func<Task<T>> restore)
    {
        try
        {
            return await restore();
        }
        catch (NpgsqlException e)
        {
            throw new PostgresAddonException($"restoring into {into} failed: {e.Message}", e);
        }
    }

    private Task<NpgsqlConnection> AdminAsync(CancellationToken ct) => PostgresContents.OpenAsync(cluster.Superuser("postgres"), ct);

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static bool IsNewDatabaseName(string name) =>
        NewDatabaseName().IsMatch(name) && !name.StartsWith("pg_", StringComparison.Ordinal) && !name.StartsWith("runway_", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex NewDatabaseName();
}
