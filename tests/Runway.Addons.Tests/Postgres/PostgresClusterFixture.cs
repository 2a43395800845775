using System.Diagnostics;
using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

/// <summary>One real cluster in a temp directory, shared by the tests of a class; stopped (or killed) and deleted afterwards.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string InitDb = "/usr/lib/postgresql/15/bin/initdb";

    public static readonly string SkipMessage = $"skipped: {InitDb} not found; install PostgreSQL 15 (apt-get install postgresql-15) to run the managed PostgreSQL tests.";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "runway-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public static bool Available => File.Exists(InitDb);

    /// <summary>Small shared_buffers so the test cluster stays light whatever the machine.</summary>
    public PostgresClusterOptions Options => new(Path.Combine(_directory, "data")) { Tuning = PostgresTuning.For(1L << 30, 2) };

    /// <summary>The running cluster; a test that restarts it puts the new one here.</summary>
    public PostgresCluster? Cluster { get; set; }

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        // The cluster's system user must be able to pass through the temp directory whatever the umask.
        Directory.CreateDirectory(_directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
        Cluster = await PostgresCluster.StartAsync(Options, CancellationToken.None);
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
            KillLeftoverServer();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    /// <summary>When stopping failed, the postmaster recorded in postmaster.pid is killed; its backends exit when it dies.</summary>
    private void KillLeftoverServer()
    {
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || !ProcessTable.IsAlive(pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
