using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Tests.Nixpacks;

public class ServiceLayerTests
{
    [Fact]
    public void A_higher_layer_wins_field_by_field()
    {
        var lower = ServiceLayer.Empty with { StartCommand = "a", Replicas = 2, HealthcheckPath = "/h", Variables = new ValueMap([new("X", "1"), new("Y", "1")]) };
        var upper = ServiceLayer.Empty with { StartCommand = "b", Variables = new ValueMap([new("Y", "2")]) };

        var merged = upper.Over(lower);

        Assert.Equal("b", merged.StartCommand);
        Assert.Equal(2, merged.Replicas);
        Assert.Equal("/h", merged.HealthcheckPath);
        Assert.Equal(new ValueMap([new("X", "1"), new("Y", "2")]), merged.Variables);
    }

    [Fact]
    public void Three_dots_splice_in_the_lower_layers_commands()
    {
        var lower = ServiceLayer.Empty.WithPhase("build", ValueList.Of("npm run build"));
        var upper = ServiceLayer.Empty.WithPhase("build", ValueList.Of("echo before", "...", "echo after"));

        var merged = upper.Over(lower);

        Assert.Equal(ValueList.Of("echo before", "npm run build", "echo after"), merged.Phases.Single().Commands);
    }

    [Fact]
    public void Three_dots_stay_for_the_builder_when_nothing_is_below()
    {
        var upper = ServiceLayer.Empty.WithPhase("build", ValueList.Of("...", "echo after"));

        var merged = upper.Over(ServiceLayer.Empty.WithPhase("install", ValueList.Of("npm ci")));

        Assert.Equal(ValueList.Of(BuildSpec.ProviderDefault, "echo after"), merged.Phases.Single(p => p.Name == "build").Commands);
    }

    [Fact]
    public void The_shared_part_keeps_the_build_and_restart_policy_only()
    {
        var layer = ServiceLayer.Empty.WithPhase("build", ValueList.Of("make")) with
        {
            StartCommand = "a",
            ReleaseCommands = ValueList.Of("m"),
            HealthcheckPath = "/h",
            Replicas = 3,
            CronSchedule = "* * * * *",
            RestartPolicy = RestartPolicyKind.Never,
            Builder = "NIXPACKS",
        };

        var shared = layer.SharedPart();

        Assert.Null(shared.StartCommand);
        Assert.Null(shared.ReleaseCommands);
        Assert.Null(shared.HealthcheckPath);
        Assert.Null(shared.Replicas);
        Assert.Null(shared.CronSchedule);
        Assert.Equal(RestartPolicyKind.Never, shared.RestartPolicy);
        Assert.Equal("NIXPACKS", shared.Builder);
        Assert.Equal(layer.Phases, shared.Phases);
    }

    [Fact]
    public void The_build_has_install_then_build_by_default()
    {
        var build = ServiceAssembler.ToBuild(ServiceLayer.Empty.WithPhase("build", ValueList.Of("make")) with { OutputDirectory = "dist", Provider = "go" });

        Assert.Equal(ValueList.Of(new BuildPhase("install", null), new BuildPhase("build", ValueList.Of("make"))), build.Phases);
        Assert.Equal("dist", build.OutputDirectory);
        Assert.Equal("go", build.Provider);
    }
}
