using Runway.Model;
using Runway.Runtime.Planning;

namespace Runway.Runtime.Tests.Isolation;

public sealed class PlannedLimitsTests
{
    [Fact]
    public void Every_instance_gets_its_services_limits_and_its_app()
    {
        var limits = new ResourceLimits(256L << 20, 0.5, 64);
        var worker = new ServiceSpec("jobs", ServiceKind.Worker, ".", BuildSpec.Default, "run", ValueList<string>.Empty, HealthCheckSpec.Default, RestartPolicy.Default, 2, ValueMap.Empty)
        {
            Limits = limits,
        };
        var plain = worker with { Name = "other", Limits = ResourceLimits.None, Replicas = 1 };
        var app = new AppSpec("shop", "/srv/shop", "production", ValueList.Of(worker, plain), ValueList<SiteSpec>.Empty, ValueList<AddonSpec>.Empty, ValueMap.Empty);

        var plan = InstancePlanner.Plan(app, app.Services.Select(s => new ServiceLaunch(s, "run", "/srv/shop/release")), new PortAllocator(), ValueMap.Empty);

        Assert.Equal(
            [("jobs.1", limits), ("jobs.2", limits), ("other.1", ResourceLimits.None)],
            plan.Instances.Select(i => (i.Id.ToString(), i.Limits)));
        Assert.All(plan.Instances, i => Assert.Equal(("shop", (string?)null), (i.App, i.RunAsUser)));
    }
}
