using Runway.Addons.Postgres;
using Runway.Build;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Addons;

/// <summary>Provisions what an app's `[addons.NAME]` ask for before its instances start, and publishes their variables:
/// one PostgreSQL cluster per Runway home (started on first need, a database and role per app and environment).</summary>
internal sealed class AddonProvisioner(RunwayHome home, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresCluster? _postgres;

    public string Directory => Path.Combine(home.Path, "addons");

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
                    _ => throw new NotSupportedException($"add-ons of type {addon.Kind.ToString().ToLowerInvariant()} are not provisioned yet"),
                };
            }
            catch (Exception e) when (e is PostgresAddonException or NotSupportedException or IOException or UnauthorizedAccessException)
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
            if (addon.Kind == AddonKind.Postgres && _postgres is { } cluster)
            {
                var health = await cluster.CheckHealthAsync(app.Name, app.Environment, cancellationToken);
                results.Add(new AddonHealth(addon.Name, "postgres", health.Healthy, health.Latency, health.Problem));
            }
            else
            {
                results.Add(new AddonHealth(addon.Name, addon.Kind.ToString().ToLowerInvariant(), false, TimeSpan.Zero, "not running"));
            }
        }

        return results;
    }

    private async Task<ValueMap> ProvisionPostgresAsync(AppSpec app, AddonSpec addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var cluster = await PostgresAsync(progress, cancellationToken);
        var database = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
        progress.Step($"add-on {addon.Name}: database {database.Database} on 127.0.0.1:{database.Port} (DATABASE_URL)");
        return new ValueMap(database.Variables);
    }

    private async Task<PostgresCluster> PostgresAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_postgres is null)
            {
                HomeAccess.LetServiceUsersThrough(home, Directory);
                progress.Step("starting the PostgreSQL cluster");
                _postgres = await PostgresCluster.StartAsync(new PostgresClusterOptions(Path.Combine(Directory, "postgres", "data")) { Time = time }, cancellationToken);
            }

            return _postgres;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>One add-on's health, for `runway status`.</summary>
public sealed record AddonHealth(string Name, string Kind, bool Healthy, TimeSpan Latency, string? Problem);
