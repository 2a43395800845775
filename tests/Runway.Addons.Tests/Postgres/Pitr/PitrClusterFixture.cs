using System.Diagnostics;
using Npgsql;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;

namespace Runway.Addons.Tests.Postgres.Pitr;

/// <summary>A real cluster with pgBackRest archiving in a temp directory; stopped (or killed) and deleted afterwards with any scratch cluster.</summary>
public sealed class PitrClusterFixture : IAsyncLifetime
{
    public const string PgBackRest = "/usr/bin/pgbackrest";

    public static readonly string SkipMessage =
        $"skipped: {PostgresClusterFixture.InitDb} or {PgBackRest} not found; install postgresql-15 and pgbackrest (scripts/install-prerequisites.sh test) to run the point-in-time recovery tests.";

    public static bool Available => PostgresClusterFixture.Available && File.Exists(PgBackRest);

    /// <summary>A new temp directory the cluster's system user can pass through whatever the umask.</summary>
    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "runway-pitr-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    /// <summary>Small shared_buffers so test clusters stay light whatever the machine.</summary>
    public static PostgresClusterOptions Options(string directory, bool pointInTimeRecovery)
    {
        var data = Path.Combine(directory, "data");
        return new PostgresClusterOptions(data)
        {
            Tuning = PostgresTuning.For(1L << 30, 2),
            PointInTimeRecovery = pointInTimeRecovery ? PointInTimeRecoveryOptions.Beside(data) with { ArchiveWaitTimeout = TimeSpan.FromSeconds(20) } : null,
        };
    }

    public string Directory { get; } = NewDirectory();

    public PostgresCluster? Cluster { get; private set; }

    public PostgresPointInTimeRecovery Recovery => Cluster!.PointInTimeRecovery!;

    public async Task InitializeAsync()
    {
        if (Available)
        {
            Cluster = await PostgresCluster.StartAsync(Options(Directory, pointInTimeRecovery: true), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }
        }
        finally
        {
            KillServersUnder(Directory);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>The superuser over the private socket, as root or the cluster's user (peer authentication).</summary>
    public static async Task<NpgsqlConnection> OpenSuperuserAsync(PostgresCluster cluster, string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = cluster.SocketDirectory,
            Port = cluster.Port,
            Username = "postgres",
            Database = database,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Processes whose working directory lies under <paramref name="directory"/>: PostgreSQL's server processes run in their data directory.</summary>
    public static IReadOnlyList<int> ProcessesUnder(string directory)
    {
        var found = new List<int>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && cwd.StartsWith(directory + "/", StringComparison.Ordinal) && ProcessTable.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to inspect.
            }
        }

        return found;
    }

    /// <summary>When a test failed before its servers stopped: the processes still running in its directories are killed.</summary>
    public static void KillServersUnder(string directory)
    {
        foreach (var pid in ProcessesUnder(directory))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }
}
