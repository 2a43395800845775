namespace Runway.Runtime.Supervision;

/// <summary>Exponential restart delays (initial, 2×, 4× … up to a cap) and the count of consecutive restarts;
/// both start over once the instance has stayed healthy for the stable period.</summary>
internal sealed class RestartBackoff(TimeSpan initial, TimeSpan max, TimeSpan stablePeriod)
{
    private DateTimeOffset? _healthySince;

    public RestartBackoff(SupervisorOptions options)
        : this(options.InitialBackoff, options.MaxBackoff, options.StablePeriod)
    {
    }

    /// <summary>Restarts since the instance last ran stably.</summary>
    public int ConsecutiveRestarts { get; private set; }

    /// <summary>The instance passed its health check at <paramref name="now"/> (keeps the earliest time of a healthy streak).</summary>
    public void MarkHealthy(DateTimeOffset now) => _healthySince ??= now;

    /// <summary>The instance failed a health check or ended: its healthy streak is over.</summary>
    public void MarkNotHealthy() => _healthySince = null;

    /// <summary>Forgets earlier restarts when the current healthy streak has lasted the stable period; returns true if it did.</summary>
    public bool ResetIfStable(DateTimeOffset now)
    {
        if (_healthySince is not { } since || now - since < stablePeriod || ConsecutiveRestarts == 0)
        {
            return false;
        }

        ConsecutiveRestarts = 0;
        return true;
    }

    /// <summary>Counts a restart and returns the delay to wait before it.</summary>
    public TimeSpan NextRestartDelay()
    {
        var delay = initial;
        for (var i = 0; i < ConsecutiveRestarts && delay < max; i++)
        {
            delay *= 2;
        }

        ConsecutiveRestarts++;
        _healthySince = null;
        return delay < max ? delay : max;
    }
}
