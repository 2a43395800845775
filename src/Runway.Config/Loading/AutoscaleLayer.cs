using System.Globalization;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Loading;

/// <summary>What one runway.toml <c>autoscale</c> table (or one environment's override of it) says; every field is optional until
/// the layers are stacked, and <see cref="ToSpec"/> checks the result as a whole.</summary>
/// <param name="Path">Field path of the table, for messages (<c>services.api.autoscale</c>).</param>
/// <param name="DefinedAt">Where the table was written.</param>
/// <param name="Invalid">A field of this table (or one below it) was wrong and already reported: no spec is made and nothing more is said.</param>
internal sealed record AutoscaleLayer(string Path, SourceLocation DefinedAt, bool Invalid = false)
{
    public int? Min { get; init; }

    public int? Max { get; init; }

    public double? CpuPercent { get; init; }

    public double? Concurrency { get; init; }

    public TimeSpan? P95 { get; init; }

    public TimeSpan? ScaleUpCooldown { get; init; }

    public TimeSpan? ScaleDownCooldown { get; init; }

    private bool HasTarget => CpuPercent is not null || Concurrency is not null || P95 is not null;

    /// <summary>This layer laid over <paramref name="lower"/>, field by field; messages point at this (the higher) table.</summary>
    public AutoscaleLayer Over(AutoscaleLayer lower) => new(Path, DefinedAt, Invalid || lower.Invalid)
    {
        Min = Min ?? lower.Min,
        Max = Max ?? lower.Max,
        CpuPercent = CpuPercent ?? lower.CpuPercent,
        Concurrency = Concurrency ?? lower.Concurrency,
        P95 = P95 ?? lower.P95,
        ScaleUpCooldown = ScaleUpCooldown ?? lower.ScaleUpCooldown,
        ScaleDownCooldown = ScaleDownCooldown ?? lower.ScaleDownCooldown,
    };

    /// <summary>The spec the stacked layers make for a service of <paramref name="kind"/>, or null (with an error or warning)
    /// when it is incomplete or cannot apply.</summary>
    public AutoscaleSpec? ToSpec(string service, ServiceKind kind, DiagnosticBag diagnostics)
    {
        if (Invalid)
        {
            return null;
        }

        if (Min is not { } min || Max is not { } max)
        {
            diagnostics.Error(DefinedAt, $"{Path} needs min and max (e.g. min = 1, max = 5)");
            return null;
        }

        if (min > max)
        {
            diagnostics.Error(DefinedAt, string.Create(CultureInfo.InvariantCulture, $"{Path}: min ({min}) is above max ({max}); lower min or raise max"));
            return null;
        }

        if (!HasTarget)
        {
            diagnostics.Error(DefinedAt, $"{Path} needs at least one target to scale on: cpu (e.g. cpu = 70), concurrency (e.g. concurrency = 10) or p95 (e.g. p95 = \"300ms\")");
            return null;
        }

        if (kind == ServiceKind.Cron)
        {
            diagnostics.Warning(DefinedAt, $"service \"{service}\" is a cron service, which runs once per schedule; its {Path} is ignored");
            return null;
        }

        var layer = this;
        if (kind == ServiceKind.Worker && (Concurrency is not null || P95 is not null))
        {
            // Concurrency and latency are measured at the edge, which sends requests to web services only.
            var dropped = string.Join(" and ", new[] { Concurrency is null ? null : "concurrency", P95 is null ? null : "p95" }.OfType<string>());
            var rest = CpuPercent is null ? "so it is not autoscaled" : "only cpu applies";
            diagnostics.Warning(DefinedAt, $"service \"{service}\" is a worker and gets no requests, so {Path} {dropped} cannot be measured; {rest}");
            if (CpuPercent is null)
            {
                return null;
            }

            layer = this with { Concurrency = null, P95 = null };
        }

        return new AutoscaleSpec(min, max)
        {
            TargetCpuPercent = layer.CpuPercent,
            TargetConcurrency = layer.Concurrency,
            TargetP95 = layer.P95,
            ScaleUpCooldown = ScaleUpCooldown ?? AutoscaleSpec.DefaultScaleUpCooldown,
            ScaleDownCooldown = ScaleDownCooldown ?? AutoscaleSpec.DefaultScaleDownCooldown,
        };
    }
}
