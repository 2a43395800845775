using Runway.Build.Planning;
using Runway.Model;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Planning;

public sealed class PhaseResolverTests
{
    private static readonly ValueList<PlannedPhase> Defaults = ValueList.Of(
        new PlannedPhase("install", ValueList.Of("npm ci")),
        new PlannedPhase("build", ValueList.Of("npm run build")));

    [Fact]
    public void Null_commands_take_the_provider_default()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(DefaultPhase("install"), DefaultPhase("build")), Defaults);

        Assert.Equal(Defaults, phases);
    }

    [Fact]
    public void Ellipsis_splices_the_default_in_place()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(Phase("build", "echo before", "...", "echo after")), Defaults);

        Assert.Equal(ValueList.Of("echo before", "npm run build", "echo after"), phases.Single(p => p.Name == "build").Commands);
    }

    [Fact]
    public void A_list_without_ellipsis_replaces_the_default()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(DefaultPhase("install"), Phase("build", "make site")), Defaults);

        Assert.Equal(ValueList.Of(new PlannedPhase("install", ValueList.Of("npm ci")), new PlannedPhase("build", ValueList.Of("make site"))), phases);
    }

    [Fact]
    public void An_empty_list_drops_the_phase()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(Phase("install"), DefaultPhase("build")), Defaults);

        Assert.Equal(["build"], phases.Select(p => p.Name));
    }

    [Fact]
    public void Provider_phases_the_spec_omits_keep_their_place()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(Phase("build", "make")), Defaults);

        Assert.Equal(["install", "build"], phases.Select(p => p.Name));
        Assert.Equal(ValueList.Of("npm ci"), phases[0].Commands);
    }

    [Fact]
    public void Extra_spec_phases_run_where_the_spec_puts_them()
    {
        var phases = PhaseResolver.Resolve(
            ValueList.Of(Phase("setup", "echo setup"), DefaultPhase("install"), DefaultPhase("build"), Phase("assets", "echo assets")),
            Defaults);

        Assert.Equal(["setup", "install", "build", "assets"], phases.Select(p => p.Name));
    }

    [Fact]
    public void Ellipsis_where_the_provider_has_nothing_adds_nothing()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(Phase("setup", "...", "echo x")), Defaults);

        Assert.Equal(ValueList.Of("echo x"), phases.Single(p => p.Name == "setup").Commands);
    }

    [Fact]
    public void Blank_commands_are_dropped_and_commands_trimmed()
    {
        var phases = PhaseResolver.Resolve(ValueList.Of(Phase("build", "  ", " make  ")), ValueList<PlannedPhase>.Empty);

        Assert.Equal(ValueList.Of("make"), Assert.Single(phases).Commands);
    }
}
