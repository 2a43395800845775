using Runway.Build.Planning;
using Runway.Model;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Planning;

public sealed class BuildPlanEnvironmentTests
{
    private static readonly BuildPlan Plan = new(
        "api",
        PartKind.Service,
        ".",
        "python",
        ValueList<PlannedPhase>.Empty,
        "python3 main.py",
        Map(("MODE", "build-default"), ("PIP_X", "1")),
        Map(("MODE", "run-default")),
        Map(("MODE", "user"), ("SECRET", "s")),
        ValueList.Of(".venv/bin"));

    [Fact]
    public void Build_environment_layers_inherited_provider_then_variables_and_prefixes_path()
    {
        var environment = Plan.ComposeBuildEnvironment("/r/1/api", Map(("PATH", "/usr/bin:/bin"), ("HOME", "/root"), ("PIP_X", "0")));

        Assert.Equal("user", environment["MODE"]);
        Assert.Equal("1", environment["PIP_X"]);
        Assert.Equal("/root", environment["HOME"]);
        Assert.Equal("/r/1/api/.venv/bin:/usr/bin:/bin", environment["PATH"]);
    }

    [Fact]
    public void Run_environment_uses_the_run_defaults()
    {
        var environment = Plan with { Variables = ValueMap.Empty };

        var run = environment.ComposeRunEnvironment("/r/1/api", Map(("PORT", "4000")));

        Assert.Equal("run-default", run["MODE"]);
        Assert.Equal("4000", run["PORT"]);
        Assert.Equal("/r/1/api/.venv/bin", run["PATH"]);
        Assert.False(run.ContainsKey("PIP_X"));
    }
}
