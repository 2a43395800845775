using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using Runway.Addons.Postgres.Pitr;

namespace Runway.Addons.Postgres;

/// <summary>
/// One managed PostgreSQL cluster (one per Runway home): created with initdb on first start, tuned to the machine, run as the
/// cluster's system user, and shared by every app environment, each with its own database and role.
/// Disposing stops the server, as <see cref="StopAsync"/> does.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Apps reach the server over TCP on loopback only.</summary>
    public const string Host = "127.0.0.1";

    private readonly PostgresClusterOptions _options;
    private readonly PostgresServer _server;
    private readonly PostgresCredentialStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoredCluster _state;
    private bool _stopped;

    private PostgresCluster(PostgresClusterOptions options, PostgresServer server, PostgresCredentialStore store, StoredCluster state)
    {
        _options = options;
        _server = server;
        _store = store;
        _state = state;
    }

    /// <summary>The TCP port on 127.0.0.1; the same across restarts of the cluster.</summary>
    public int Port => _state.Port;

    public string DataDirectory => _server.DataDirectory;

    /// <summary>The credentials file (mode 0600): the superuser's and every app's password.</summary>
    public string CredentialsFile => _store.Path;

    /// <summary>The private unix socket's directory, where root and the cluster's user connect as the superuser by peer authentication.</summary>
    internal string SocketDirectory => _server.SocketDirectory;

    /// <summary>The superuser's credentials for <paramref name="database"/> over TCP (e.g. for pg_dump); never handed to an app.</summary>
    internal PostgresDatabase Superuser(string database) =>
        new(database, PostgresConfigFiles.Superuser, _state.SuperuserPassword, Host, Port);

    /// <summary>WAL archiving, base backups and point-in-time recovery; null when <see cref="PostgresClusterOptions.PointInTimeRecovery"/> is off.</summary>
    public PostgresPointInTimeRecovery? PointInTimeRecovery { get; private set; }

    /// <summary>The postmaster's process id while the server runs.</summary>
    internal int? ServerProcessId => PostmasterPidFile.Read(DataDirectory)?.ProcessId;

    /// <summary>
    /// Creates the cluster if its data directory is empty, writes its configuration and starts it (pg_ctl start -w);
    /// a server already running on this data directory is adopted instead.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(PostgresClusterOptions options, CancellationToken ct)
    {
        var server = new PostgresServer(options);
        server.CheckPrerequisites();
        var store = new PostgresCredentialStore(options.CredentialsFile ?? server.DataDirectory + ".credentials.json");
        var stored = store.Load();
        await server.InitialiseIfEmptyAsync(ct);

        var running = await server.FindRunningAsync(ct);
        var command = new PostgresCommand(options.RunAsUser);
        var pgBackRest = options.PointInTimeRecovery is { } pitr ? new PgBackRest(pitr, command) : null;
        string? archiveProblem = null;
        int port;
        if (running is not null)
        {
            if (options.Port is { } wanted && wanted != running.Port)
            {
                throw new PostgresAddonException(
                    $"{server.DataDirectory}: its server already runs on port {running.Port} (pid {running.ProcessId}), not on the requested port {wanted}; stop it first or drop the port setting.");
            }

            port = running.Port;
            if (pgBackRest is not null)
            {
                archiveProblem = await PgBackRestSetup.PrepareAsync(pgBackRest, command, options, server.DataDirectory, port, ct);
            }
        }
        else
        {
            port = options.Port ?? stored?.Port ?? FreeLoopbackPort();
            IReadOnlyList<string>? archiveSettings = null;
            if (pgBackRest is not null)
            {
                // The stanza is created before the server archives into it; if that fails the cluster starts without archiving.
                archiveProblem = await PgBackRestSetup.PrepareAsync(pgBackRest, command, options, server.DataDirectory, port, ct)
                    ?? await PgBackRestSetup.CreateStanzaAsync(pgBackRest, ct);
                archiveSettings = archiveProblem is null ? PgBackRestFiles.ArchiveSettings(pgBackRest.Options) : null;
            }

            await server.WriteConfigurationAsync(port, options.Tuning ?? PostgresTuning.ForThisMachine(), archiveSettings, ct);
            await server.StartAsync(ct);
        }

        // Saved before the server learns the password, so a crash in between cannot leave a password nobody knows.
        var state = (stored ?? new StoredCluster(port, NewPassword(), [])) with { Port = port };
        var cluster = new PostgresCluster(options, server, store, state);
        try
        {
            store.Save(state);
            await using var superuser = await cluster.OpenSuperuserAsync("postgres", waitUntilReady: running is not null, ct);
            await PostgresAdminSql.SecureClusterAsync(superuser, state.SuperuserPassword, ct);
            if (pgBackRest is not null)
            {
                if (running is not null && archiveProblem is null)
                {
                    archiveProblem = await PgBackRestSetup.ProblemOfRunningServerAsync(superuser, pgBackRest.Options, running.ProcessId, ct);
                }

                cluster.PointInTimeRecovery = new PostgresPointInTimeRecovery(
                    pgBackRest, command, options, token => cluster.OpenSuperuserAsync("postgres", waitUntilReady: false, token), archiveProblem);
            }
        }
        catch (Exception) when (running is null)
        {
            await server.StopAsync(CancellationToken.None);
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// Creates the app environment's role and database (<c>app_environment</c>), owned by the role, reachable by no other role,
    /// with pg_stat_statements. Idempotent: later calls return the same password.
    /// </summary>
    public async Task<PostgresDatabase> ProvisionAsync(string app, string environment, CancellationToken ct)
    {
        ThrowIfStopped();
        await _gate.WaitAsync(ct);
        try
        {
            var entry = _state.Find(app, environment);
            if (entry is null)
            {
                var name = PostgresNames.For(app, environment);
                if (_state.Databases.Any(d => d.Database == name || d.Role == name))
                {
                    name = PostgresNames.Disambiguated(app, environment);
                }

                entry = new StoredDatabase(app, environment, name, name, NewPassword());
                _state = _state.With(entry);
                _store.Save(_state);
            }

            try
            {
                await using (var superuser = await OpenSuperuserAsync("postgres", waitUntilReady: false, ct))
                {
                    await PostgresAdminSql.ProvisionAsync(superuser, entry, ct);
                }

                await using (var inDatabase = await OpenSuperuserAsync(entry.Database, waitUntilReady: false, ct))
                {
                    await PostgresAdminSql.EnableExtensionsAsync(inDatabase, ct);
                }
            }
            catch (NpgsqlException e)
            {
                throw new PostgresAddonException($"provisioning PostgreSQL database '{entry.Database}' for {app} ({environment}) failed: {e.Message}", e);
            }

            return ToDatabase(entry);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the app environment's database (disconnecting its sessions) and role, and forgets its password.</summary>
    public async Task DropAsync(string app, string environment, CancellationToken ct)
    {
        ThrowIfStopped();
        await _gate.WaitAsync(ct);
        try
        {
            var entry = _state.Find(app, environment);
            var name = PostgresNames.For(app, environment);
            if (entry is null && _state.Databases.Any(d => d.Database == name || d.Role == name))
            {
                return; // That name belongs to another app environment.
            }

            try
            {
                await using var superuser = await OpenSuperuserAsync("postgres", waitUntilReady: false, ct);
                await PostgresAdminSql.DropAsync(superuser, entry?.Database ?? name, entry?.Role ?? name, ct);
            }
            catch (NpgsqlException e)
            {
                throw new PostgresAddonException($"dropping PostgreSQL database '{entry?.Database ?? name}' of {app} ({environment}) failed: {e.Message}", e);
            }

            _state = _state.Without(app, environment);
            _store.Save(_state);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A real query (SELECT 1) through the app's own role over TCP, as the app connects; latency includes the connect.</summary>
    public async Task<PostgresHealth> CheckHealthAsync(string app, string environment, CancellationToken ct)
    {
        if (_stopped)
        {
            return new PostgresHealth(false, TimeSpan.Zero, $"the PostgreSQL cluster in {DataDirectory} is stopped");
        }

        if (_state.Find(app, environment) is not { } entry)
        {
            return new PostgresHealth(false, TimeSpan.Zero, $"no PostgreSQL database is provisioned for {app} ({environment})");
        }

        return await PostgresHealthProbe.CheckAsync(ToDatabase(entry), _options.HealthTimeout, _options.Time, ct);
    }

    /// <summary>pg_ctl stop -m fast: clients are disconnected, the server checkpoints and exits with all its processes.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        _stopped = true;
        await _server.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync(CancellationToken.None);
        }

        _gate.Dispose();
    }

    private PostgresDatabase ToDatabase(StoredDatabase entry) => new(entry.Database, entry.Role, entry.Password, Host, Port);

    /// <summary>The superuser over the private unix socket (peer authentication); no pooling, so DROP DATABASE never meets an idle session of ours.</summary>
    private async Task<NpgsqlConnection> OpenSuperuserAsync(string database, bool waitUntilReady, CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = _server.SocketDirectory,
            Port = Port,
            Username = PostgresConfigFiles.Superuser,
            Database = database,
            Pooling = false,
            Timeout = 15,
            CommandTimeout = 60,
        }.ConnectionString;
        var deadline = _options.Time.GetTimestamp();
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(ct);
                return connection;
            }
            catch (NpgsqlException) when (waitUntilReady && _options.Time.GetElapsedTime(deadline) < _options.StartStopTimeout)
            {
                // An adopted server may still be starting up (postmaster.pid status "starting").
                await connection.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200), _options.Time, ct);
            }
            catch (NpgsqlException e)
            {
                await connection.DisposeAsync();
                throw new PostgresAddonException($"connecting as the superuser to database '{database}' over {_server.SocketDirectory} failed: {e.Message}", e);
            }
        }
    }

    private void ThrowIfStopped() =>
        ObjectDisposedException.ThrowIf(_stopped, this);

    /// <summary>32 random bytes, base64url: safe in URLs and shells without escaping.</summary>
    private static string NewPassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
