using Runway.Model;

namespace Runway.Runtime.Autoscaling;

/// <summary>
/// Decides one service's replica count from its measurements, like Kubernetes' HorizontalPodAutoscaler: each target proposes
/// <c>ceil(current × measured / target)</c> (no change within 10% of the target), the largest proposal wins, and the result is
/// held within [min, max]. A scale-up at most doubles the count and waits the scale-up cooldown after the last scale-up; a
/// scale-down waits the scale-down cooldown after the last change and goes no lower than the highest recommendation of that
/// window. A count outside [min, max] returns within it at once. Pure: the caller passes the time, applies the decision and
/// reports it with <see cref="Applied"/>. Not thread-safe; one per service.
/// </summary>
internal sealed class Autoscaler
{
    private readonly RecommendationWindow _recommendations;
    private int _replicas;
    private DateTimeOffset _lastChange;
    private DateTimeOffset? _lastScaleUp;

    /// <param name="replicas">The count the service runs with now.</param>
    /// <param name="since">Since when it runs with that count (its deploy): the first scale-down waits the cooldown from then.</param>
    /// <exception cref="ArgumentException">The spec is impossible (min below 1, max below min, a target at or below 0).</exception>
    public Autoscaler(AutoscaleSpec spec, int replicas, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Min, 1, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Max, spec.Min, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.ScaleUpCooldown, TimeSpan.Zero, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.ScaleDownCooldown, TimeSpan.Zero, nameof(spec));
        if (spec.TargetCpuPercent is <= 0 || spec.TargetConcurrency is <= 0 || spec.TargetP95 is { } p95 && p95 <= TimeSpan.Zero)
        {
            throw new ArgumentException("autoscale targets must be above 0", nameof(spec));
        }

        Spec = spec;
        _replicas = replicas;
        _lastChange = since;
        _recommendations = new RecommendationWindow(spec.ScaleDownCooldown);
    }

    public AutoscaleSpec Spec { get; }

    public AutoscaleDecision Decide(AutoscaleSample sample, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfNegative(sample.CurrentReplicas, nameof(sample));
        var current = sample.CurrentReplicas;
        _replicas = current;
        if (current < Spec.Min)
        {
            return new(Spec.Min, $"{Replicas(current)} below min {Spec.Min}: {current} -> {Spec.Min}");
        }

        if (current > Spec.Max)
        {
            return new(Spec.Max, $"{Replicas(current)} above max {Spec.Max}: {current} -> {Spec.Max}");
        }

        var proposals = MetricProposal.For(Spec, sample);
        if (proposals.Count == 0)
        {
            return new(current, $"holding at {current}: no {string.Join(" or ", TargetNames())} measurement yet");
        }

        var top = proposals[0];
        foreach (var proposal in proposals)
        {
            top = proposal.Replicas > top.Replicas ? proposal : top;
        }

        var wanted = Math.Clamp(top.Replicas, Spec.Min, Spec.Max);
        _recommendations.Add(now, wanted);
        return wanted > current ? ScaleUp(current, wanted, top, now)
            : wanted < current ? ScaleDown(current, wanted, proposals, now)
            : Hold(current, top, proposals);
    }

    /// <summary>Reports that the service now runs <paramref name="replicas"/> (after a decision, or a manual scale), which starts
    /// the cooldowns.</summary>
    public void Applied(int replicas, DateTimeOffset at)
    {
        if (replicas > _replicas)
        {
            _lastScaleUp = at;
        }

        if (replicas != _replicas)
        {
            _lastChange = at;
        }

        _replicas = replicas;
    }

    private AutoscaleDecision ScaleUp(int current, int wanted, MetricProposal top, DateTimeOffset now)
    {
        if (_lastScaleUp is { } last && now - last < Spec.ScaleUpCooldown)
        {
            return new(current, $"holding at {current}: {top.Describe()} wants {wanted}, scale-up cooldown {AutoscaleText.Remaining(Spec.ScaleUpCooldown - (now - last))} left");
        }

        // At most doubling per step, as HPA's default scale-up policy (100% per period) allows.
        var desired = Math.Min(wanted, current * 2);
        var limit = desired < wanted ? $"at most doubling per step, wants {wanted}; max {Spec.Max}" : $"max {Spec.Max}";
        return new(desired, $"{top.Describe()}: {current} -> {desired} ({limit})");
    }

    private AutoscaleDecision ScaleDown(int current, int wanted, List<MetricProposal> proposals, DateTimeOffset now)
    {
        var measured = string.Join(" and ", proposals.Select(p => p.Describe()));
        var sinceChange = now - _lastChange;
        if (sinceChange < Spec.ScaleDownCooldown)
        {
            return new(current, $"holding at {current}: {measured} wants {wanted}, scale-down cooldown {AutoscaleText.Remaining(Spec.ScaleDownCooldown - sinceChange)} left");
        }

        var window = AutoscaleText.Duration(Spec.ScaleDownCooldown);
        var desired = _recommendations.Highest;
        if (desired >= current)
        {
            return new(current, $"holding at {current}: {measured} wants {wanted}, but {desired} was wanted within the last {window}");
        }

        var note = desired > wanted ? $"{desired} was wanted within the last {window}; min {Spec.Min}" : $"min {Spec.Min}";
        return new(desired, $"{measured}: {current} -> {desired} ({note})");
    }

    private AutoscaleDecision Hold(int current, MetricProposal top, List<MetricProposal> proposals)
    {
        var measured = string.Join(" and ", proposals.Select(p => p.Describe()));
        var why = top.Replicas > Spec.Max ? $", wants {top.Replicas} but max is {Spec.Max}"
            : top.Replicas < Spec.Min ? $", already at min {Spec.Min}"
            : proposals.TrueForAll(p => p.WithinTolerance) ? ""
            : $", which still needs {current}";
        return new(current, $"holding at {current}: {measured}{why}");
    }

    private IEnumerable<string> TargetNames()
    {
        if (Spec.TargetCpuPercent is not null)
        {
            yield return "cpu";
        }

        if (Spec.TargetConcurrency is not null)
        {
            yield return "concurrency";
        }

        if (Spec.TargetP95 is not null)
        {
            yield return "p95";
        }
    }

    private static string Replicas(int count) => count == 1 ? "1 replica is" : $"{count} replicas are";
}
