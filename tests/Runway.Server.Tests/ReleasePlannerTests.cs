using Runway.Build.Releases;
using Runway.Model;
using Runway.Runtime;
using Runway.Server.Apps;
using Runway.Server.Preparation;
using Runway.Server.Progress;

namespace Runway.Server.Tests;

public sealed class ReleasePlannerTests
{
    private static BuiltRelease Release(int webReplicas) => new(
        new AppSpec(
            "shop",
            "/src/shop",
            "production",
            [
                new ServiceSpec("web", ServiceKind.Web, ".", BuildSpec.Default, "node server.js", [], HealthCheckSpec.Default, RestartPolicy.Default, webReplicas, ValueMap.Empty),
                new ServiceSpec("worker", ServiceKind.Worker, "worker", BuildSpec.Default, "node worker.js", [], HealthCheckSpec.Default, RestartPolicy.Default, 1, ValueMap.Empty),
            ],
            [],
            [],
            ValueMap.Empty),
        new Release("shop", 2, "/releases/shop/2"),
        [
            new BuiltPart("web", "/releases/shop/2/web", null, "node server.js", ValueMap.Empty, ["node_modules/.bin"]),
            new BuiltPart("worker", "/releases/shop/2/worker", null, "node worker.js", ValueMap.Empty, []),
        ]);

    [Fact]
    public void Add_ons_publish_their_urls_to_every_service_and_by_name_unless_the_app_sets_them()
    {
        var release = Release(1);
        var app = release.App with
        {
            Addons = [new AddonSpec("db", AddonKind.Postgres, ValueMap.Empty), new AddonSpec("cache", AddonKind.Redis, ValueMap.Empty)],
            Variables = new ValueMap([KeyValuePair.Create("REDIS_URL", "redis://elsewhere:6379")]),
            Services = release.App.Services.Select(s => s with { Variables = new ValueMap([KeyValuePair.Create("MAIN_DB", "${{ db.DATABASE_URL }}")]) }).ToValueList(),
        };
        var addons = new Dictionary<string, ValueMap>
        {
            ["db"] = new([KeyValuePair.Create("DATABASE_URL", "postgresql://shop:pw@127.0.0.1:5433/shop_production")]),
            ["cache"] = new([KeyValuePair.Create("REDIS_URL", "redis://:pw@127.0.0.1:6380")]),
        };

        var plan = Planner().Plan(release with { App = app }, addons: addons)!;

        var web = plan.Instances.First(i => i.Id.Service == "web").Environment;
        Assert.Equal("postgresql://shop:pw@127.0.0.1:5433/shop_production", web["DATABASE_URL"]);
        Assert.Equal("postgresql://shop:pw@127.0.0.1:5433/shop_production", web["MAIN_DB"]);
        Assert.Equal("redis://elsewhere:6379", web["REDIS_URL"]); // the app's own value wins
        Assert.Same(addons, plan.Addons);
    }

    private static ReleasePlanner Planner() => new(new Silent(), new SupervisorOptions());

    [Fact]
    public void New_instances_take_the_lowest_numbers_the_serving_release_does_not_hold()
    {
        var taken = new HashSet<InstanceId> { new("web", 1), new("web", 3), new("worker", 1) };

        var plan = Planner().Plan(Release(3), numberInUse: taken.Contains)!;

        Assert.Equal(["web.2", "web.4", "web.5", "worker.2"], plan.Instances.Select(i => i.Id.ToString()));
        Assert.Equal(4, plan.Instances.Select(i => i.Port).OfType<int>().Distinct().Count() + 1); // three web ports, the worker has none
    }

    [Fact]
    public void Scale_overrides_replace_the_spec_replicas_and_the_run_environment_describes_the_instance()
    {
        var plan = Planner().Plan(Release(1), new Dictionary<string, int> { ["web"] = 2, ["worker"] = 0 })!;

        Assert.Equal(["web.1", "web.2"], plan.Instances.Select(i => i.Id.ToString()));
        var web = plan.Instances[0];
        Assert.Equal(("shop", "web", "production"), (web.Environment["RUNWAY_APP"], web.Environment["RUNWAY_SERVICE"], web.Environment["RUNWAY_ENVIRONMENT"]));
        Assert.StartsWith("/releases/shop/2/web/node_modules/.bin", web.Environment["PATH"], StringComparison.Ordinal);
        Assert.Equal("web", plan.Entry);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Many_replicas_roll_instead_of_doubling(int replicas, bool rolls)
    {
        var plan = Planner().Plan(Release(replicas))!;

        Assert.Equal(rolls, RollingRollout.Applies(plan, rollingFrom: 4));
    }

    private sealed class Silent : IProgressReporter
    {
        public void Step(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Error(string message) => throw new InvalidOperationException(message);

        public void Line(string source, string line)
        {
        }

        public void Detail(string text)
        {
        }
    }
}
