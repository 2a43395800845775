using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>The plan of one part, or the reasons there is none.</summary>
public sealed record PartPlanResult(BuildPlan? Plan, ValueList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Plan is null || Diagnostics.Any(d => d.IsError);
}

/// <summary>The plans of every part of an app (services first, then sites, in spec order) and every message about them.</summary>
public sealed record AppPlanResult(ValueList<BuildPlan> Plans, ValueList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
