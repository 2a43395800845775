using Runway.Runtime.Supervision;

namespace Runway.Runtime.Tests.Unit;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RestartBackoff NewBackoff() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    [Fact]
    public void Delays_double_from_the_initial_delay_and_stop_at_the_cap()
    {
        var backoff = NewBackoff();

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextRestartDelay().TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
        Assert.Equal(8, backoff.ConsecutiveRestarts);
    }

    [Fact]
    public void Many_restarts_stay_at_the_cap()
    {
        var backoff = NewBackoff();
        for (var i = 0; i < 200; i++)
        {
            backoff.NextRestartDelay();
        }

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.NextRestartDelay());
    }

    [Fact]
    public void A_healthy_run_as_long_as_the_stable_period_starts_over()
    {
        var backoff = NewBackoff();
        backoff.NextRestartDelay();
        backoff.NextRestartDelay();
        backoff.NextRestartDelay();
        backoff.MarkHealthy(T0);

        Assert.False(backoff.ResetIfStable(T0.AddSeconds(59)));
        Assert.Equal(3, backoff.ConsecutiveRestarts);
        Assert.True(backoff.ResetIfStable(T0.AddSeconds(60)));
        Assert.Equal(0, backoff.ConsecutiveRestarts);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextRestartDelay());
    }

    [Fact]
    public void A_healthy_streak_interrupted_by_a_failure_counts_from_its_new_start()
    {
        var backoff = NewBackoff();
        backoff.NextRestartDelay();
        backoff.MarkHealthy(T0);
        backoff.MarkHealthy(T0.AddSeconds(20)); // still the same streak: keeps T0
        backoff.MarkNotHealthy();
        backoff.MarkHealthy(T0.AddSeconds(30));

        Assert.False(backoff.ResetIfStable(T0.AddSeconds(70)));
        Assert.True(backoff.ResetIfStable(T0.AddSeconds(90)));
    }

    [Fact]
    public void A_restart_ends_the_healthy_streak()
    {
        var backoff = NewBackoff();
        backoff.MarkHealthy(T0);
        backoff.NextRestartDelay();

        Assert.False(backoff.ResetIfStable(T0.AddMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.NextRestartDelay());
    }
}
