namespace Runway.Addons.Postgres;

/// <summary>
/// Memory and parallelism settings sized to the machine, following the usual "web application" advice
/// (PostgreSQL wiki "Tuning Your PostgreSQL Server", pgtune): shared_buffers a quarter of RAM, effective_cache_size three quarters.
/// </summary>
public sealed record PostgresTuning(
    long SharedBuffersBytes,
    long EffectiveCacheSizeBytes,
    long MaintenanceWorkMemBytes,
    long WorkMemBytes,
    int MaxConnections,
    int MaxWorkerProcesses,
    int MaxParallelWorkers,
    int MaxParallelWorkersPerGather,
    int MaxParallelMaintenanceWorkers)
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;
    private const long GiB = 1024 * MiB;

    public const int DefaultMaxConnections = 100;

    /// <summary>The settings for a machine with <paramref name="memoryBytes"/> of RAM and <paramref name="cpus"/> processors.</summary>
    public static PostgresTuning For(long memoryBytes, int cpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);

        // 25% of RAM, capped at 8 GB: beyond that the OS page cache does the job better.
        var sharedBuffers = Math.Max(16 * MiB, RoundDown(Math.Min(memoryBytes / 4, 8 * GiB), MiB));
        var effectiveCache = Math.Max(sharedBuffers, RoundDown(memoryBytes / 4 * 3, MiB));
        // RAM/16 capped at 2 GB (VACUUM and CREATE INDEX run one at a time per table).
        var maintenance = Math.Max(16 * MiB, RoundDown(Math.Min(memoryBytes / 16, 2 * GiB), MiB));
        var perGather = Math.Clamp(cpus / 2, 1, 4);
        // pgtune: what remains after shared_buffers, shared by ~3 sorts per connection and the parallel workers of one query.
        var workMem = Math.Max(64 * KiB, RoundDown(Math.Max(0, memoryBytes - sharedBuffers) / (DefaultMaxConnections * 3) / perGather, KiB));
        return new PostgresTuning(
            sharedBuffers,
            effectiveCache,
            maintenance,
            workMem,
            DefaultMaxConnections,
            MaxWorkerProcesses: Math.Max(8, cpus),
            MaxParallelWorkers: cpus,
            MaxParallelWorkersPerGather: perGather,
            MaxParallelMaintenanceWorkers: perGather);
    }

    /// <summary>The settings for this machine: the memory the runtime may use (the cgroup limit when there is one) and its processors.</summary>
    public static PostgresTuning ForThisMachine() =>
        For(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, Environment.ProcessorCount);

    /// <summary>The settings as postgresql.conf lines.</summary>
    internal IEnumerable<string> ConfigLines()
    {
        yield return $"shared_buffers = {Size(SharedBuffersBytes)}";
        yield return $"effective_cache_size = {Size(EffectiveCacheSizeBytes)}";
        yield return $"maintenance_work_mem = {Size(MaintenanceWorkMemBytes)}";
        yield return $"work_mem = {Size(WorkMemBytes)}";
        yield return $"max_connections = {MaxConnections}";
        yield return $"max_worker_processes = {MaxWorkerProcesses}";
        yield return $"max_parallel_workers = {MaxParallelWorkers}";
        yield return $"max_parallel_workers_per_gather = {MaxParallelWorkersPerGather}";
        yield return $"max_parallel_maintenance_workers = {MaxParallelMaintenanceWorkers}";
    }

    /// <summary>A size in PostgreSQL's memory units (kB, MB), the largest that is exact.</summary>
    internal static string Size(long bytes) =>
        bytes % MiB == 0 ? $"{bytes / MiB}MB" : $"{Math.Max(1, bytes / KiB)}kB";

    private static long RoundDown(long value, long unit) => value / unit * unit;
}
