using Runway.Build.Planning;
using Runway.Build.Tests.Support;
using Runway.Model;

namespace Runway.Build.Tests.Planning;

/// <summary>Plans parts over in-memory files.</summary>
internal static class PlannerHarness
{
    public static PartPlanResult Service(InMemorySourceFiles files, ServiceSpec? service = null, AppSpec? app = null) =>
        new BuildPlanner().PlanService(app ?? Specs.App("/src/app"), service ?? Specs.Service(), files);

    public static PartPlanResult Site(InMemorySourceFiles files, SiteSpec? site = null) =>
        new BuildPlanner().PlanSite(Specs.App("/src/app"), site ?? Specs.Site(), files);

    /// <summary>The plan, failing the test with the diagnostics when there is none.</summary>
    public static BuildPlan Planned(this PartPlanResult result)
    {
        Assert.True(result.Plan is not null, "expected a plan, got: " + string.Join("; ", result.Diagnostics));
        return result.Plan;
    }

    public static IReadOnlyList<string> Commands(this BuildPlan plan, string phase) =>
        plan.Phases.FirstOrDefault(p => p.Name == phase)?.Commands.ToList() ?? [];

    public static IReadOnlyList<string> PhaseNames(this BuildPlan plan) => plan.Phases.Select(p => p.Name).ToList();

    public static Diagnostic SingleError(this PartPlanResult result)
    {
        Assert.Null(result.Plan);
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }
}
