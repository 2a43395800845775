using Runway.Edge.LoadBalancing;

namespace Runway.Edge.Tests.LoadBalancing;

public sealed class ResponseTimeWindowTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static void RecordMany(ResponseTimeWindow window, long second, TimeSpan duration, int count)
    {
        for (var i = 0; i < count; i++)
        {
            window.Record(second, duration);
        }
    }

    [Fact]
    public void An_empty_window_has_no_percentile()
    {
        Assert.Equal((0L, (TimeSpan?)null), new ResponseTimeWindow().Read(100, 10, 0.95));
    }

    [Theory]
    [InlineData(95, 10.0, 5, 2000.0, 10.0)]
    [InlineData(90, 10.0, 10, 500.0, 500.0)]
    [InlineData(50, 0.3, 50, 0.6, 0.6)]
    [InlineData(1, 42_000.0, 0, 0.0, 42_000.0)]
    public void The_p95_is_within_an_eighth_of_the_true_value(int fastCount, double fast, int slowCount, double slow, double expected)
    {
        var window = new ResponseTimeWindow();
        RecordMany(window, 100, Ms(fast), fastCount);
        RecordMany(window, 100, Ms(slow), slowCount);

        var (count, p95) = window.Read(100, 10, 0.95);

        Assert.Equal(fastCount + slowCount, count);
        Assert.InRange(p95!.Value.TotalMilliseconds, expected / 1.125 - 0.1, expected * 1.125 + 0.1);
    }

    [Fact]
    public void A_spread_of_durations_gives_the_nearest_rank_within_its_bucket()
    {
        var window = new ResponseTimeWindow();
        for (var i = 1; i <= 1000; i++)
        {
            window.Record(7, Ms(i));
        }

        var (_, p95) = window.Read(7, 1, 0.95);
        var (_, p50) = window.Read(7, 1, 0.5);

        Assert.InRange(p95!.Value.TotalMilliseconds, 950 / 1.125, 950 * 1.125);
        Assert.InRange(p50!.Value.TotalMilliseconds, 500 / 1.125, 500 * 1.125);
    }

    [Fact]
    public void Only_the_seconds_of_the_window_count()
    {
        var window = new ResponseTimeWindow();
        RecordMany(window, 100, Ms(900), 10);
        RecordMany(window, 125, Ms(20), 10);
        RecordMany(window, 130, Ms(20), 10);

        Assert.Equal(10, window.Read(130, 1, 0.95).Count);
        Assert.Equal(10, window.Read(130, 5, 0.95).Count);
        Assert.Equal(20, window.Read(130, 6, 0.95).Count);
        var (all, p95) = window.Read(130, 31, 0.95);
        Assert.Equal(30, all);
        Assert.True(p95 > Ms(800), $"p95 {p95}");
        Assert.Equal(20, window.Read(130, 30, 0.95).Count);
        Assert.Equal(0, window.Read(200, 60, 0.95).Count);
    }

    [Fact]
    public void A_second_a_minute_later_reuses_the_slot_and_forgets_the_old_counts()
    {
        var window = new ResponseTimeWindow();
        RecordMany(window, 5, Ms(900), 10);
        RecordMany(window, 5 + ResponseTimeWindow.Seconds, Ms(3), 4);

        var (count, p95) = window.Read(5 + ResponseTimeWindow.Seconds, ResponseTimeWindow.Seconds, 0.95);

        Assert.Equal(4, count);
        Assert.True(p95 < Ms(4), $"p95 {p95}");
    }

    [Fact]
    public void A_sample_for_a_second_older_than_its_slot_is_dropped()
    {
        var window = new ResponseTimeWindow();
        window.Record(65, Ms(3));
        window.Record(5, Ms(900));

        Assert.Equal(1, window.Read(65, ResponseTimeWindow.Seconds, 0.95).Count);
    }

    [Fact]
    public void Buckets_are_contiguous_increasing_and_at_most_an_eighth_wide()
    {
        long next = 0;
        for (var bucket = 0; bucket < ResponseTimeWindow.BucketCount; bucket++)
        {
            var (lowest, width) = ResponseTimeWindow.BoundsOf(bucket);
            Assert.Equal(next, lowest);
            Assert.Equal(bucket, ResponseTimeWindow.BucketOf(TimeSpan.FromTicks(lowest)));
            Assert.Equal(bucket, ResponseTimeWindow.BucketOf(TimeSpan.FromTicks(lowest + width - 1)));
            if (bucket >= 8)
            {
                Assert.True(width * 8 <= lowest, $"bucket {bucket} is {width} wide at {lowest}");
            }

            next = lowest + width;
        }

        Assert.True(TimeSpan.FromTicks(next) > TimeSpan.FromMinutes(3), $"the last bucket ends at {TimeSpan.FromTicks(next)}");
        Assert.Equal(ResponseTimeWindow.BucketCount - 1, ResponseTimeWindow.BucketOf(TimeSpan.FromHours(2)));
        Assert.Equal(0, ResponseTimeWindow.BucketOf(TimeSpan.FromTicks(-5)));
    }

    [Fact]
    public void Recording_allocates_nothing_once_the_minute_was_used()
    {
        var window = new ResponseTimeWindow();
        for (var second = 0; second < ResponseTimeWindow.Seconds; second++)
        {
            window.Record(second, Ms(1));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            window.Record(ResponseTimeWindow.Seconds + (i / 1000), Ms(i % 5000));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Concurrent_recordings_are_all_counted()
    {
        var window = new ResponseTimeWindow();

        Parallel.For(0, 4, thread =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                window.Record(10 + (i / 25_000), Ms((i % 100) + thread));
            }
        });

        Assert.Equal(200_000, window.Read(11, 2, 0.95).Count);
    }
}
