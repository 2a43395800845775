using System.Numerics;

namespace Runway.Edge.LoadBalancing;

/// <summary>
/// Response times of the last minute as one small histogram per second, so a percentile over the last N seconds costs a
/// walk over at most <see cref="Seconds"/> histograms and recording costs one atomic increment. Bounded memory: one
/// minute of histograms, each <see cref="BucketCount"/> counters, allocated the first time its second is used.
/// Buckets are log-linear (8 per doubling, as in HdrHistogram), so a percentile is within 12.5% of the true value from
/// 0.8 ms to 3.5 min (exact to 0.1 ms below); longer times fall in the last bucket. Thread-safe.
/// </summary>
internal sealed class ResponseTimeWindow
{
    /// <summary>The longest window that can be read, in seconds.</summary>
    public const int Seconds = 60;

    // 0.1 ms units: 0..7 exactly, then octaves 3..20 (0.8 ms .. 210 s) in 8 sub-buckets each.
    private const long TicksPerUnit = TimeSpan.TicksPerMillisecond / 10;
    private const int SubBuckets = 8;
    private const int SubBucketBits = 3;
    private const int LastOctave = 20;
    internal const int BucketCount = SubBuckets + ((LastOctave - SubBucketBits + 1) * SubBuckets);

    private readonly SecondHistogram?[] _seconds = new SecondHistogram?[Seconds];

    /// <summary>Counts one response that took <paramref name="duration"/> and ended during <paramref name="second"/> (any
    /// monotonic count of seconds, e.g. a timestamp divided by its frequency). Does not allocate once the minute has been used.</summary>
    public void Record(long second, TimeSpan duration)
    {
        var slot = (int)(((second % Seconds) + Seconds) % Seconds);
        var histogram = Volatile.Read(ref _seconds[slot]) ?? Create(slot);
        if (histogram.Begin(second))
        {
            Interlocked.Increment(ref histogram.Counts[BucketOf(duration)]);
        }
    }

    /// <summary>How many responses ended during the last <paramref name="seconds"/> seconds (the current one included) and
    /// the given percentile of their durations, null when there were none.</summary>
    /// <param name="percentile">Between 0 (exclusive) and 1 (0.95 for p95).</param>
    public (long Count, TimeSpan? Percentile) Read(long currentSecond, int seconds, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, Seconds);
        Span<long> counts = stackalloc long[BucketCount];
        long total = 0;
        foreach (var histogram in _seconds)
        {
            if (histogram is not null)
            {
                total += histogram.AddTo(counts, currentSecond - seconds + 1, currentSecond);
            }
        }

        return total == 0 ? (0, null) : (total, Quantile(counts, total, percentile));
    }

    internal static int BucketOf(TimeSpan duration)
    {
        var units = Math.Max(duration.Ticks / TicksPerUnit, 0);
        if (units < SubBuckets)
        {
            return (int)units;
        }

        var octave = BitOperations.Log2((ulong)units);
        if (octave > LastOctave)
        {
            return BucketCount - 1;
        }

        var sub = (int)(units >> (octave - SubBucketBits)) & (SubBuckets - 1);
        return SubBuckets + ((octave - SubBucketBits) * SubBuckets) + sub;
    }

    /// <summary>The lowest duration of a bucket and its width, in ticks.</summary>
    internal static (long Lowest, long Width) BoundsOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return (bucket * TicksPerUnit, TicksPerUnit);
        }

        var shift = (bucket - SubBuckets) / SubBuckets;
        var sub = (bucket - SubBuckets) % SubBuckets;
        return (((long)(SubBuckets + sub) << shift) * TicksPerUnit, (1L << shift) * TicksPerUnit);
    }

    /// <summary>The nearest-rank percentile, placed linearly within its bucket (as Prometheus' histogram_quantile does).</summary>
    private static TimeSpan Quantile(ReadOnlySpan<long> counts, long total, double percentile)
    {
        var rank = Math.Max(1, (long)Math.Ceiling((percentile * total) - 1e-9));
        long below = 0;
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            var inBucket = counts[bucket];
            if (below + inBucket >= rank)
            {
                var (lowest, width) = BoundsOf(bucket);
                return TimeSpan.FromTicks(lowest + (long)(width * ((double)(rank - below) / inBucket)));
            }

            below += inBucket;
        }

        return TimeSpan.FromTicks(BoundsOf(counts.Length - 1).Lowest);
    }

    private SecondHistogram Create(int slot)
    {
        var created = new SecondHistogram();
        return Interlocked.CompareExchange(ref _seconds[slot], created, null) ?? created;
    }

    /// <summary>The counts of one second; reused a minute later for the second that falls in the same slot.</summary>
    private sealed class SecondHistogram
    {
        private readonly Lock _gate = new();
        private long _second = long.MinValue;

        public int[] Counts { get; } = new int[BucketCount];

        /// <summary>Makes this histogram count <paramref name="second"/>, clearing an older one; false when it already holds a
        /// newer second (the caller was delayed by a whole minute and its sample is dropped).</summary>
        public bool Begin(long second)
        {
            if (Volatile.Read(ref _second) == second)
            {
                return true;
            }

            lock (_gate)
            {
                if (_second < second)
                {
                    Array.Clear(Counts);
                    Volatile.Write(ref _second, second);
                }

                return _second == second;
            }
        }

        /// <summary>Adds the counts to <paramref name="totals"/> when this histogram's second is within [from, to]; returns how many.</summary>
        public long AddTo(Span<long> totals, long from, long to)
        {
            lock (_gate)
            {
                if (_second < from || _second > to)
                {
                    return 0;
                }

                long sum = 0;
                for (var i = 0; i < Counts.Length; i++)
                {
                    var count = Volatile.Read(ref Counts[i]);
                    totals[i] += count;
                    sum += count;
                }

                return sum;
            }
        }
    }
}
