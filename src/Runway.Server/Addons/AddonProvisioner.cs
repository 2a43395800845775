using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;
using Runway.Addons.Postgres.Pooling;
using Runway.Addons.Redis;
using Runway.Build;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Addons;

/// <summary>Provisions what an app's `[addons.NAME]` ask for before its instances start, and publishes their variables:
/// one PostgreSQL cluster per Runway home (started on first need, a database and role per app and environment), and one
/// Redis server per Redis add-on of each app and environment, with its password, memory limit, eviction and persistence.</summary>
internal sealed class AddonProvisioner(RunwayHome home, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, RedisServer> _redis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PooledPostgresDatabase> _pooled = new(StringComparer.Ordinal);
    private PostgresCluster? _postgres;
    private PgBouncer? _pgBouncer;

    public string Directory => Path.Combine(home.Path, "addons");

    /// <summary>The PostgreSQL cluster once an app needed it; null before.</summary>
    public PostgresCluster? RunningPostgres => _postgres;

    /// <returns>Each add-on's variables by add-on name, or null when one could not be provisioned (reported).</returns>
    public async Task<IReadOnlyDictionary<string, ValueMap>?> ProvisionAsync(AppSpec app, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var published = new Dictionary<string, ValueMap>(StringComparer.Ordinal);
        foreach (var addon in app.Addons)
        {
            try
            {
                published[addon.Name] = addon.Kind switch
                {
                    AddonKind.Postgres => await ProvisionPostgresAsync(app, addon, progress, cancellationToken),
                    AddonKind.Redis => await ProvisionRedisAsync(app, addon, progress, cancellationToken),
                    _ => throw new NotSupportedException($"add-ons of type {addon.Kind.ToString().ToLowerInvariant()} are not provisioned yet"),
                };
            }
            catch (Exception e) when (e is PostgresAddonException or RedisAddonException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                progress.Error($"add-on {addon.Name} ({addon.Kind.ToString().ToLowerInvariant()}): {e.Message}");
                return null;
            }
        }

        return published;
    }

    /// <summary>The health of each add-on of <paramref name="app"/>: a real query for PostgreSQL.</summary>
    public async Task<IReadOnlyList<AddonHealth>> CheckHealthAsync(AppSpec app, CancellationToken cancellationToken)
    {
        var results = new List<AddonHealth>();
        foreach (var addon in app.Addons)
        {
            if (addon.Kind == AddonKind.Postgres && _pgBouncer is { } bouncer && Pooled(app) is { } pooled)
            {
                var health = await bouncer.CheckHealthAsync(pooled, cancellationToken);
                results.Add(new AddonHealth(addon.Name, "postgres", health.Healthy, health.Latency, health.Problem));
            }
            else if (addon.Kind == AddonKind.Postgres && _postgres is { } cluster)
            {
                var health = await cluster.CheckHealthAsync(app.Name, app.Environment, cancellationToken);
                results.Add(new AddonHealth(addon.Name, "postgres", health.Healthy, health.Latency, health.Problem));
            }
            else if (addon.Kind == AddonKind.Redis && RunningRedis(app, addon) is { } redis)
            {
                var health = await redis.PingAsync(cancellationToken);
                results.Add(new AddonHealth(addon.Name, "redis", health.Healthy, health.Latency, health.Healthy ? null : health.Detail));
            }
            else
            {
                results.Add(new AddonHealth(addon.Name, addon.Kind.ToString().ToLowerInvariant(), false, TimeSpan.Zero, "not running"));
            }
        }

        return results;
    }

    /// <summary>Where backups are kept: <c>$RUNWAY_HOME/backups/APP/ADDON/</c>.</summary>
    public BackupStore Backups => new(Path.Combine(home.Path, "backups"), time);

    /// <summary>Backs up one add-on of a running app into <see cref="Backups"/>.</summary>
    public Task<BackupMetadata> BackupAsync(AppSpec app, AddonSpec addon, int? release, IProgressReporter progress, CancellationToken cancellationToken) =>
        BackupAsync(app, addon, release, Backups, progress, cancellationToken);

    /// <summary>Backs up one add-on of a running app into <paramref name="store"/> (the same directory on another clock).</summary>
    public async Task<BackupMetadata> BackupAsync(AppSpec app, AddonSpec addon, int? release, BackupStore store, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (addon.Kind == AddonKind.Postgres)
        {
            var cluster = await PostgresAsync(progress, cancellationToken);
            var database = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
            return await AddonBackups.PostgresAsync(store, cluster, database, app.Name, addon.Name, release, cancellationToken);
        }

        var redis = RunningRedis(app, addon) ?? throw new IOException($"the Redis server of add-on {addon.Name} is not running");
        return await AddonBackups.RedisAsync(store, redis, app.Name, addon.Name, release, cancellationToken);
    }

    private async Task<ValueMap> ProvisionPostgresAsync(AppSpec app, AddonSpec addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var pooling = PgBouncerSettings.Parse(addon.Settings, out var problem)
            ?? throw new NotSupportedException($"runway.toml [addons.{addon.Name}]: {problem}");
        var cluster = await PostgresAsync(progress, cancellationToken);
        var database = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
        if (!pooling.Enabled)
        {
            lock (_pooled)
            {
                _pooled.Remove(PooledKey(app));
            }

            progress.Step($"add-on {addon.Name}: database {database.Database} on 127.0.0.1:{database.Port} (DATABASE_URL)");
            return new ValueMap(database.Variables);
        }

        var bouncer = await PgBouncerAsync(progress, cancellationToken);
        var pooled = await bouncer.AddDatabaseAsync(database, pooling, cancellationToken);
        lock (_pooled)
        {
            _pooled[PooledKey(app)] = pooled;
        }

        progress.Step($"add-on {addon.Name}: database {database.Database} through PgBouncer on 127.0.0.1:{bouncer.Port} (DATABASE_URL, "
            + $"{pooling.PoolMode.ToString()!.ToLowerInvariant()} pooling, {pooling.PoolSize} server connections), directly on 127.0.0.1:{database.Port} ({PooledPostgresDatabase.DirectUrlVariable})");
        return new ValueMap(pooled.Variables);
    }

    /// <summary>The one PgBouncer of this home, in front of the cluster; started (or adopted) on the first pooled add-on.</summary>
    private async Task<PgBouncer> PgBouncerAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_pgBouncer is null)
            {
                progress.Step("starting PgBouncer");
                _pgBouncer = await PgBouncer.StartAsync(new PgBouncerOptions(Path.Combine(Directory, "postgres", "pgbouncer")), cancellationToken);
            }

            return _pgBouncer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private PooledPostgresDatabase? Pooled(AppSpec app)
    {
        lock (_pooled)
        {
            return _pooled.GetValueOrDefault(PooledKey(app));
        }
    }

    private static string PooledKey(AppSpec app) => $"{app.Name}-{app.Environment}";

    private async Task<ValueMap> ProvisionRedisAsync(AppSpec app, AddonSpec addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var settings = RedisSettings.Parse(addon.Settings, out var problem)
            ?? throw new NotSupportedException($"runway.toml [addons.{addon.Name}]: {problem}");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var key = RedisKey(app, addon);
            var server = RunningRedis(app, addon);
            if (server is null || !server.IsRunning)
            {
                var directory = Path.Combine(Directory, "redis", key);
                HomeAccess.LetServiceUsersThrough(home, Path.Combine(Directory, "redis"));
                server = await RedisServer.StartAsync(directory, key, settings, port: null, cancellationToken);
                lock (_redis)
                {
                    _redis[key] = server;
                }
            }

            progress.Step($"add-on {addon.Name}: redis on 127.0.0.1:{server.Port} (REDIS_URL), maxmemory {settings.MaxMemoryBytes / (1024 * 1024)} MiB, {settings.EvictionPolicy}, {settings.Persistence.ToString().ToLowerInvariant()}");
            return new ValueMap(server.Variables);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal RedisServer? RunningRedis(AppSpec app, AddonSpec addon)
    {
        lock (_redis)
        {
            return _redis.GetValueOrDefault(RedisKey(app, addon));
        }
    }

    /// <summary>Stops the add-on's Redis, puts <paramref name="rdbFile"/> in place of its data and starts it again on the same
    /// port with the same password and settings.</summary>
    internal async Task<RedisServer> ReplaceRedisDataAsync(AppSpec app, AddonSpec addon, string rdbFile, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var server = RunningRedis(app, addon) ?? throw new IOException($"the Redis server of add-on {addon.Name} is not running");
            try
            {
                await server.StopAsync(cancellationToken);
            }
            catch (RedisAddonException) when (!server.IsRunning)
            {
                // Its final save was refused and it was killed: its data is being replaced anyway.
            }

            RedisServer.RestoreSnapshot(server.Directory, rdbFile);
            var restarted = await RedisServer.StartAsync(server.Directory, RedisKey(app, addon), server.Settings, server.Port, cancellationToken);
            lock (_redis)
            {
                _redis[RedisKey(app, addon)] = restarted;
            }

            return restarted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One server (and directory) per app, environment and add-on.</summary>
    private static string RedisKey(AppSpec app, AddonSpec addon) => $"{app.Name}-{app.Environment}-{addon.Name}";

    internal async Task<PostgresCluster> PostgresAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_postgres is null)
            {
                HomeAccess.LetServiceUsersThrough(home, Directory);
                progress.Step("starting the PostgreSQL cluster");
                var data = Path.Combine(Directory, "postgres", "data");
                _postgres = await PostgresCluster.StartAsync(
                    new PostgresClusterOptions(data) { Time = time, PointInTimeRecovery = PointInTimeRecoveryOptions.Beside(data) }, cancellationToken);
                await BaseBackups.EnsureFirstAsync(_postgres, progress, cancellationToken);
                await CleanRestoreLeftoversAsync(_postgres, progress, cancellationToken);
            }

            return _postgres;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CleanRestoreLeftoversAsync(PostgresCluster cluster, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var leftovers = await new PostgresRestore(cluster, time).CleanLeftoversAsync(cancellationToken);
        if (leftovers.Dropped.Count > 0)
        {
            progress.Step($"dropped copies an interrupted restore or verification left: {string.Join(", ", leftovers.Dropped)}");
        }

        if (leftovers.Kept.Count > 0)
        {
            progress.Warning($"an interrupted restore set live data aside in {string.Join(", ", leftovers.Kept)}; it is kept: look at it, then drop it by hand");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var redis in _redis.Values)
        {
            await redis.DisposeAsync();
        }

        if (_pgBouncer is not null)
        {
            await _pgBouncer.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>One add-on's health, for `runway status`.</summary>
public sealed record AddonHealth(string Name, string Kind, bool Healthy, TimeSpan Latency, string? Problem);
