using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostgresTuningTests
{
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    [Fact]
    public void A_small_server_gets_a_quarter_of_ram_for_shared_buffers_and_three_quarters_as_cache()
    {
        var tuning = PostgresTuning.For(4 * GiB, 2);
        Assert.Equal(1 * GiB, tuning.SharedBuffersBytes);
        Assert.Equal(3 * GiB, tuning.EffectiveCacheSizeBytes);
        Assert.Equal(256 * MiB, tuning.MaintenanceWorkMemBytes);
        Assert.Equal(100, tuning.MaxConnections);
        // (4 GB - 1 GB) / (100 connections * 3) / 1 worker per gather = 10485 kB.
        Assert.Equal(10485 * 1024, tuning.WorkMemBytes);
        Assert.Equal(1, tuning.MaxParallelWorkersPerGather);
        Assert.Equal(8, tuning.MaxWorkerProcesses);
        Assert.Equal(2, tuning.MaxParallelWorkers);
    }

    [Fact]
    public void Shared_buffers_stop_at_8_GB_and_maintenance_work_mem_at_2_GB_on_a_big_machine()
    {
        var tuning = PostgresTuning.For(128 * GiB, 32);
        Assert.Equal(8 * GiB, tuning.SharedBuffersBytes);
        Assert.Equal(96 * GiB, tuning.EffectiveCacheSizeBytes);
        Assert.Equal(2 * GiB, tuning.MaintenanceWorkMemBytes);
        Assert.Equal(4, tuning.MaxParallelWorkersPerGather);
        Assert.Equal(4, tuning.MaxParallelMaintenanceWorkers);
        Assert.Equal(32, tuning.MaxWorkerProcesses);
        Assert.Equal(32, tuning.MaxParallelWorkers);
        // (128 GB - 8 GB) / 300 / 4.
        Assert.Equal(120 * GiB / 300 / 4 / 1024 * 1024, tuning.WorkMemBytes);
    }

    [Fact]
    public void A_tiny_machine_still_gets_workable_minimums()
    {
        var tuning = PostgresTuning.For(32 * MiB, 1);
        Assert.Equal(16 * MiB, tuning.SharedBuffersBytes);
        Assert.True(tuning.EffectiveCacheSizeBytes >= tuning.SharedBuffersBytes);
        Assert.Equal(16 * MiB, tuning.MaintenanceWorkMemBytes);
        Assert.Equal(64 * 1024, tuning.WorkMemBytes);
        Assert.Equal(1, tuning.MaxParallelWorkersPerGather);
    }

    [Fact]
    public void Sizes_are_written_in_the_largest_exact_unit()
    {
        var lines = PostgresTuning.For(4 * GiB, 2).ConfigLines().ToList();
        Assert.Contains("shared_buffers = 1024MB", lines);
        Assert.Contains("effective_cache_size = 3072MB", lines);
        Assert.Contains("work_mem = 10485kB", lines);
        Assert.Contains("max_connections = 100", lines);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1024, 0)]
    public void Nonsense_machine_sizes_are_refused(long memory, int cpus) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresTuning.For(memory, cpus));

    [Fact]
    public void This_machine_is_measured()
    {
        var tuning = PostgresTuning.ForThisMachine();
        Assert.InRange(tuning.SharedBuffersBytes, 16 * MiB, 8 * GiB);
        Assert.Equal(Environment.ProcessorCount, tuning.MaxParallelWorkers);
    }
}
