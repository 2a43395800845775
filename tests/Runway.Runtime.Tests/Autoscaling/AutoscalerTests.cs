using Runway.Model;
using Runway.Runtime.Autoscaling;

namespace Runway.Runtime.Tests.Autoscaling;

public sealed class AutoscalerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AutoscaleSpec Cpu70 = new(1, 5) { TargetCpuPercent = 70 };

    private static AutoscaleSample Cpu(int current, double percent) => new(current, percent, null, null);

    private static DateTimeOffset At(TimeSpan after) => T0 + after;

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    [Fact]
    public void Scales_up_to_ceil_of_current_times_measured_over_target()
    {
        var autoscaler = new Autoscaler(Cpu70, 2, T0);

        var decision = autoscaler.Decide(Cpu(2, 140), T0);

        Assert.Equal(new AutoscaleDecision(4, "cpu 140% per instance > target 70%: 2 -> 4 (max 5)"), decision);
    }

    [Fact]
    public void Rounds_up_so_a_fraction_of_an_instance_becomes_one()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 10) { TargetCpuPercent = 50 }, 3, T0);

        // 3 × 60 / 50 = 3.6 -> 4
        Assert.Equal(4, autoscaler.Decide(Cpu(3, 60), T0).DesiredReplicas);
    }

    [Fact]
    public void The_target_asking_for_the_most_replicas_wins()
    {
        var spec = new AutoscaleSpec(1, 20) { TargetCpuPercent = 70, TargetConcurrency = 10, TargetP95 = TimeSpan.FromMilliseconds(300) };
        var autoscaler = new Autoscaler(spec, 4, T0);

        // cpu: 4 × 84/70 = 4.8 -> 5; concurrency: 4 × 17/10 = 6.8 -> 7; p95: 4 × 360/300 = 4.8 -> 5.
        var decision = autoscaler.Decide(new AutoscaleSample(4, 84, 17, TimeSpan.FromMilliseconds(360)), T0);

        Assert.Equal(new AutoscaleDecision(7, "concurrency 17 per instance > target 10: 4 -> 7 (max 20)"), decision);
    }

    [Fact]
    public void Latency_proposes_by_its_ratio_to_the_target()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 5) { TargetP95 = TimeSpan.FromMilliseconds(300) }, 2, T0);

        var decision = autoscaler.Decide(new AutoscaleSample(2, null, null, TimeSpan.FromMilliseconds(600)), T0);

        Assert.Equal(new AutoscaleDecision(4, "p95 600ms > target 300ms: 2 -> 4 (max 5)"), decision);
    }

    [Fact]
    public void A_scale_up_at_most_doubles_the_count()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 10) { TargetCpuPercent = 50 }, 2, T0);

        var decision = autoscaler.Decide(Cpu(2, 200), T0);

        Assert.Equal(new AutoscaleDecision(4, "cpu 200% per instance > target 50%: 2 -> 4 (at most doubling per step, wants 8; max 10)"), decision);
    }

    [Fact]
    public void A_scale_up_stops_at_max()
    {
        var autoscaler = new Autoscaler(Cpu70, 4, T0);

        Assert.Equal(new AutoscaleDecision(5, "cpu 210% per instance > target 70%: 4 -> 5 (max 5)"), autoscaler.Decide(Cpu(4, 210), T0));
    }

    [Fact]
    public void At_max_a_high_load_holds_and_says_so()
    {
        var autoscaler = new Autoscaler(Cpu70, 5, T0);

        Assert.Equal(new AutoscaleDecision(5, "holding at 5: cpu 140% per instance > target 70%, wants 10 but max is 5"), autoscaler.Decide(Cpu(5, 140), T0));
    }

    [Theory]
    [InlineData(75.0)]
    [InlineData(77.0)]
    [InlineData(63.0)]
    [InlineData(70.0)]
    public void A_measurement_within_10_percent_of_the_target_holds(double percent)
    {
        var autoscaler = new Autoscaler(Cpu70, 3, T0);

        var decision = autoscaler.Decide(Cpu(3, percent), T0 + Minutes(10));

        Assert.Equal(3, decision.DesiredReplicas);
        Assert.Equal($"holding at 3: cpu {percent:0.#}% per instance within 10% of target 70%", decision.Reason);
    }

    [Fact]
    public void Just_outside_the_tolerance_the_count_moves()
    {
        var up = new Autoscaler(Cpu70, 3, T0);
        var down = new Autoscaler(Cpu70, 3, T0);

        // 78/70 = 1.114: 3 × 1.114 = 3.34 -> 4. 56/70 = 0.8: 3 × 0.8 = 2.4 -> 3 still, 42/70 = 0.6: 1.8 -> 2.
        Assert.Equal(4, up.Decide(Cpu(3, 78), T0).DesiredReplicas);
        Assert.Equal(new AutoscaleDecision(3, "holding at 3: cpu 56% per instance < target 70%, which still needs 3"), down.Decide(Cpu(3, 56), T0 + Minutes(10)));
        Assert.Equal(2, down.Decide(Cpu(3, 42), T0 + Minutes(16)).DesiredReplicas);
    }

    [Fact]
    public void Below_min_the_count_rises_to_min_at_once_whatever_the_cooldowns()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(2, 5) { TargetCpuPercent = 70 }, 3, T0);
        autoscaler.Applied(4, T0);

        Assert.Equal(new AutoscaleDecision(2, "1 replica is below min 2: 1 -> 2"), autoscaler.Decide(Cpu(1, 0), T0 + Seconds(1)));
        Assert.Equal(new AutoscaleDecision(2, "0 replicas are below min 2: 0 -> 2"), autoscaler.Decide(new AutoscaleSample(0, null, null, null), T0 + Seconds(2)));
    }

    [Fact]
    public void Above_max_the_count_falls_to_max_at_once()
    {
        var autoscaler = new Autoscaler(Cpu70, 5, T0);

        Assert.Equal(new AutoscaleDecision(5, "8 replicas are above max 5: 8 -> 5"), autoscaler.Decide(Cpu(8, 300), T0 + Seconds(1)));
    }

    [Fact]
    public void Without_any_measurement_the_count_holds()
    {
        var spec = new AutoscaleSpec(1, 5) { TargetCpuPercent = 70, TargetP95 = TimeSpan.FromMilliseconds(300) };
        var autoscaler = new Autoscaler(spec, 2, T0);

        // Concurrency is measured but has no target, so it does not count.
        var decision = autoscaler.Decide(new AutoscaleSample(2, null, 50, null), T0);

        Assert.Equal(new AutoscaleDecision(2, "holding at 2: no cpu or p95 measurement yet"), decision);
    }

    [Fact]
    public void A_missing_measurement_is_skipped_and_the_others_decide()
    {
        var spec = new AutoscaleSpec(1, 5) { TargetCpuPercent = 70, TargetConcurrency = 10 };
        var autoscaler = new Autoscaler(spec, 2, T0);

        Assert.Equal(new AutoscaleDecision(3, "concurrency 15 per instance > target 10: 2 -> 3 (max 5)"), autoscaler.Decide(new AutoscaleSample(2, null, 15, null), T0));
    }

    [Fact]
    public void Unusable_measurements_count_as_missing()
    {
        var autoscaler = new Autoscaler(Cpu70, 2, T0);

        Assert.Equal(2, autoscaler.Decide(Cpu(2, double.NaN), T0).DesiredReplicas);
        Assert.Equal(2, autoscaler.Decide(Cpu(2, -5), T0).DesiredReplicas);
        Assert.Equal(2, autoscaler.Decide(Cpu(2, double.PositiveInfinity), T0).DesiredReplicas);
    }

    [Fact]
    public void A_scale_up_waits_the_scale_up_cooldown_after_the_last_scale_up()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 10) { TargetCpuPercent = 70 }, 2, T0);
        Assert.Equal(4, autoscaler.Decide(Cpu(2, 140), T0).DesiredReplicas);
        autoscaler.Applied(4, T0 + Seconds(2));

        var early = autoscaler.Decide(Cpu(4, 140), T0 + Seconds(12));
        var later = autoscaler.Decide(Cpu(4, 140), T0 + Seconds(32));

        Assert.Equal(new AutoscaleDecision(4, "holding at 4: cpu 140% per instance > target 70% wants 8, scale-up cooldown 20s left"), early);
        Assert.Equal(new AutoscaleDecision(8, "cpu 140% per instance > target 70%: 4 -> 8 (max 10)"), later);
    }

    [Fact]
    public void The_first_scale_up_does_not_wait()
    {
        var autoscaler = new Autoscaler(Cpu70, 1, T0);

        Assert.Equal(2, autoscaler.Decide(Cpu(1, 140), T0).DesiredReplicas);
    }

    [Fact]
    public void A_scale_down_does_not_start_the_scale_up_cooldown()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 5) { TargetCpuPercent = 70, ScaleDownCooldown = Minutes(1) }, 4, T0);
        Assert.Equal(2, autoscaler.Decide(Cpu(4, 35), T0 + Minutes(2)).DesiredReplicas);
        autoscaler.Applied(2, T0 + Minutes(2));

        Assert.Equal(4, autoscaler.Decide(Cpu(2, 140), T0 + Minutes(2) + Seconds(1)).DesiredReplicas);
    }

    [Fact]
    public void A_scale_down_waits_the_scale_down_cooldown_from_the_start()
    {
        var autoscaler = new Autoscaler(Cpu70, 4, T0);

        var early = autoscaler.Decide(Cpu(4, 35), T0 + Seconds(108));

        Assert.Equal(new AutoscaleDecision(4, "holding at 4: cpu 35% per instance < target 70% wants 2, scale-down cooldown 3m12s left"), early);
    }

    [Fact]
    public void A_scale_down_waits_the_scale_down_cooldown_after_any_change()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(1, 8) { TargetCpuPercent = 70 }, 2, T0 - Minutes(30));
        autoscaler.Decide(Cpu(2, 140), T0);
        autoscaler.Applied(4, T0);

        var early = autoscaler.Decide(Cpu(4, 35), T0 + Minutes(4));
        var later = autoscaler.Decide(Cpu(4, 35), T0 + Minutes(5));

        Assert.Equal(new AutoscaleDecision(4, "holding at 4: cpu 35% per instance < target 70% wants 2, scale-down cooldown 1m left"), early);
        // The window of the last 5m holds 2 and 2 (the 4 recommended at T0 has just left it).
        Assert.Equal(new AutoscaleDecision(2, "cpu 35% per instance < target 70%: 4 -> 2 (min 1)"), later);
    }

    [Fact]
    public void A_scale_down_goes_no_lower_than_the_highest_recommendation_of_the_window()
    {
        var autoscaler = new Autoscaler(Cpu70, 4, T0);
        autoscaler.Decide(Cpu(4, 70), T0 + Minutes(1));     // wants 4
        autoscaler.Decide(Cpu(4, 50), T0 + Minutes(3));     // wants 3
        autoscaler.Decide(Cpu(4, 17.5), T0 + Minutes(4));   // wants 1 (cooldown)

        var heldByFour = autoscaler.Decide(Cpu(4, 17.5), T0 + Minutes(5.5));
        var heldByThree = autoscaler.Decide(Cpu(4, 17.5), T0 + Minutes(6.5));
        var free = autoscaler.Decide(Cpu(4, 17.5), T0 + Minutes(8.5));

        Assert.Equal(new AutoscaleDecision(4, "holding at 4: cpu 17.5% per instance < target 70% wants 1, but 4 was wanted within the last 5m"), heldByFour);
        Assert.Equal(new AutoscaleDecision(3, "cpu 17.5% per instance < target 70%: 4 -> 3 (3 was wanted within the last 5m; min 1)"), heldByThree);
        Assert.Equal(new AutoscaleDecision(1, "cpu 17.5% per instance < target 70%: 4 -> 1 (min 1)"), free);
    }

    [Fact]
    public void A_scale_down_names_every_target_and_stops_at_min()
    {
        var spec = new AutoscaleSpec(2, 8) { TargetCpuPercent = 70, TargetConcurrency = 10 };
        var autoscaler = new Autoscaler(spec, 6, T0);

        // cpu: 6 × 14/70 = 1.2 -> 2; concurrency: 6 × 1/10 = 0.6 -> 1; held at min 2.
        var decision = autoscaler.Decide(new AutoscaleSample(6, 14, 1, null), T0 + Minutes(6));

        Assert.Equal(new AutoscaleDecision(2, "cpu 14% per instance < target 70% and concurrency 1 per instance < target 10: 6 -> 2 (min 2)"), decision);
    }

    [Fact]
    public void At_min_a_low_load_holds_and_says_so()
    {
        var autoscaler = new Autoscaler(new AutoscaleSpec(2, 5) { TargetCpuPercent = 70 }, 2, T0);

        Assert.Equal(new AutoscaleDecision(2, "holding at 2: cpu 0% per instance < target 70%, already at min 2"), autoscaler.Decide(Cpu(2, 0), T0 + Minutes(10)));
    }

    [Fact]
    public void A_manual_scale_reported_through_applied_starts_the_cooldowns()
    {
        var autoscaler = new Autoscaler(Cpu70, 2, T0 - Minutes(30));
        autoscaler.Applied(3, T0);

        Assert.Equal(3, autoscaler.Decide(Cpu(3, 140), T0 + Seconds(10)).DesiredReplicas);
        Assert.Equal(3, autoscaler.Decide(Cpu(3, 10), T0 + Minutes(1)).DesiredReplicas);
        Assert.Equal(1, autoscaler.Decide(Cpu(3, 10), T0 + Minutes(7)).DesiredReplicas);
    }

    [Fact]
    public void Applied_with_an_unchanged_count_starts_no_cooldown()
    {
        var up = new Autoscaler(Cpu70, 2, T0 - Minutes(30));
        var down = new Autoscaler(Cpu70, 2, T0 - Minutes(30));
        up.Applied(4, T0 - Minutes(20));
        up.Applied(4, T0);
        down.Applied(2, T0);

        Assert.Equal(5, up.Decide(Cpu(4, 140), T0 + Seconds(1)).DesiredReplicas);
        Assert.Equal(1, down.Decide(Cpu(2, 10), T0 + Seconds(1)).DesiredReplicas);
    }

    [Fact]
    public void Zero_cooldowns_scale_at_every_decision()
    {
        var spec = new AutoscaleSpec(1, 16) { TargetCpuPercent = 50, ScaleUpCooldown = TimeSpan.Zero, ScaleDownCooldown = TimeSpan.Zero };
        var autoscaler = new Autoscaler(spec, 2, T0);

        Assert.Equal(4, autoscaler.Decide(Cpu(2, 200), T0).DesiredReplicas);
        autoscaler.Applied(4, T0);
        Assert.Equal(8, autoscaler.Decide(Cpu(4, 200), T0).DesiredReplicas);
        autoscaler.Applied(8, T0);
        Assert.Equal(1, autoscaler.Decide(Cpu(8, 5), T0 + Seconds(1)).DesiredReplicas);
    }

    [Fact]
    public void An_impossible_spec_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Autoscaler(new AutoscaleSpec(0, 3) { TargetCpuPercent = 70 }, 1, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Autoscaler(new AutoscaleSpec(3, 2) { TargetCpuPercent = 70 }, 1, T0));
        Assert.Throws<ArgumentException>(() => new Autoscaler(new AutoscaleSpec(1, 2) { TargetConcurrency = 0 }, 1, T0));
        Assert.Throws<ArgumentException>(() => new Autoscaler(new AutoscaleSpec(1, 2) { TargetP95 = TimeSpan.Zero }, 1, T0));
    }

    [Theory]
    [InlineData(0.45, "450ms")]
    [InlineData(1.5, "1.5s")]
    [InlineData(59, "59s")]
    [InlineData(192, "3m12s")]
    [InlineData(300, "5m")]
    [InlineData(3900, "1h5m")]
    public void Durations_read_briefly(double seconds, string expected)
    {
        Assert.Equal(expected, AutoscaleText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Time_left_is_rounded_up_to_a_whole_second()
    {
        Assert.Equal("1s", AutoscaleText.Remaining(TimeSpan.FromMilliseconds(200)));
        Assert.Equal("3m12s", AutoscaleText.Remaining(TimeSpan.FromSeconds(191.2)));
    }
}
