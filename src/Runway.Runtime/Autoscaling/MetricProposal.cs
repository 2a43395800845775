using Runway.Model;

namespace Runway.Runtime.Autoscaling;

/// <summary>What one target asks for: the replicas that would bring its measurement back to the target, and how to say so.</summary>
/// <param name="Measured">The measurement as text (<c>cpu 140% per instance</c>).</param>
/// <param name="Target">The target as text (<c>target 70%</c>).</param>
/// <param name="Ratio">Measured divided by target.</param>
/// <param name="Replicas">The replicas this target proposes, before the range is applied.</param>
internal readonly record struct MetricProposal(string Measured, string Target, double Ratio, int Replicas)
{
    /// <summary>Kubernetes HPA's default tolerance: a ratio within 10% of 1 proposes no change, so the count does not flap.</summary>
    public const double Tolerance = 0.1;

    // Far beyond any max (100): keeps ceil(current × ratio) inside an int for absurd ratios.
    private const double Ceiling = 1_000_000;

    // 77 / 70 is 1.1000000000000001 in binary: allow for rounding at the edge of the band.
    private const double Rounding = 1e-9;

    public bool WithinTolerance => IsWithinTolerance(Ratio);

    /// <summary>"cpu 140% per instance > target 70%", or "… within 10% of …" inside the tolerance.</summary>
    public string Describe()
    {
        var relation = WithinTolerance ? "within 10% of" : Ratio > 1 ? ">" : "<";
        return $"{Measured} {relation} {Target}";
    }

    /// <summary>One proposal per target that has a usable measurement; the others are skipped.</summary>
    public static List<MetricProposal> For(AutoscaleSpec spec, AutoscaleSample sample)
    {
        var proposals = new List<MetricProposal>(3);
        var current = sample.CurrentReplicas;
        if (spec.TargetCpuPercent is { } cpuTarget && Usable(sample.CpuPercentPerInstance) is { } cpu)
        {
            proposals.Add(Make($"cpu {AutoscaleText.Number(cpu)}% per instance", $"target {AutoscaleText.Number(cpuTarget)}%", cpu / cpuTarget, current));
        }

        if (spec.TargetConcurrency is { } concurrencyTarget && Usable(sample.ConcurrencyPerInstance) is { } concurrency)
        {
            proposals.Add(Make($"concurrency {AutoscaleText.Number(concurrency)} per instance", $"target {AutoscaleText.Number(concurrencyTarget)}",
                concurrency / concurrencyTarget, current));
        }

        if (spec.TargetP95 is { } p95Target && sample.P95 is { } p95 && p95 >= TimeSpan.Zero)
        {
            proposals.Add(Make($"p95 {AutoscaleText.Duration(p95)}", $"target {AutoscaleText.Duration(p95Target)}", p95 / p95Target, current));
        }

        return proposals;
    }

    private static bool IsWithinTolerance(double ratio) => Math.Abs(ratio - 1) <= Tolerance + Rounding;

    private static double? Usable(double? value) => value is { } v && double.IsFinite(v) && v >= 0 ? v : null;

    // Kubernetes HPA: desiredReplicas = ceil(currentReplicas × currentMetricValue / desiredMetricValue).
    private static MetricProposal Make(string measured, string target, double ratio, int current)
    {
        var replicas = IsWithinTolerance(ratio)
            ? current
            : (int)Math.Min(Math.Ceiling((current * ratio) - 1e-9), Ceiling);
        return new MetricProposal(measured, target, ratio, replicas);
    }
}
