using System.Collections;
using System.Net;
using System.Net.Sockets;
using Runway.Model;
using Runway.Runtime.Planning;
using Runway.Runtime.Variables;

namespace Runway.Runtime.Tests.Unit;

public sealed class InstancePlannerTests
{
    private static ValueMap Map(params (string Key, string Value)[] pairs) => new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static ServiceSpec Service(string name, ServiceKind kind, int replicas = 1, ValueMap? variables = null) => new(
        name, kind, ".", BuildSpec.Default, "run " + name, ValueList<string>.Empty, HealthCheckSpec.Default, RestartPolicy.Default, replicas, variables ?? ValueMap.Empty);

    private static AppSpec App(ValueMap shared, params ServiceSpec[] services) =>
        new("demo", "/srv/demo", "production", services.ToValueList(), ValueList<SiteSpec>.Empty, ValueList<AddonSpec>.Empty, shared);

    private static InstancePlan Plan(AppSpec app, IReadOnlyDictionary<string, ValueMap>? addons = null) => InstancePlanner.Plan(
        app,
        app.Services.Select(s => new ServiceLaunch(s, s.StartCommand!, "/srv/demo/release/" + s.Name)),
        new PortAllocator(),
        Map(("PATH", "/usr/bin"), ("HOME", "/root")),
        addons);

    [Fact]
    public void Every_replica_gets_its_own_port_and_a_complete_environment()
    {
        var app = App(
            Map(("LOG_LEVEL", "info"), ("PATH", "/app/bin")),
            Service("web", ServiceKind.Web, replicas: 2, Map(("API", "http://${{ api.HOST }}"), ("DB", "${{ postgres.DATABASE_URL }}"))),
            Service("api", ServiceKind.Web, variables: Map(("HOST", "127.0.0.1:${{ PORT }}"))),
            Service("jobs", ServiceKind.Worker, variables: Map(("LOG_LEVEL", "debug"))));

        var plan = Plan(app, new Dictionary<string, ValueMap> { ["postgres"] = Map(("DATABASE_URL", "postgres://x")) });

        Assert.Empty(plan.Diagnostics);
        Assert.Equal(["web.1", "web.2", "api.1", "jobs.1"], plan.Instances.Select(i => i.Id.ToString()));
        var (web1, web2, api, jobs) = (plan.Instances[0], plan.Instances[1], plan.Instances[2], plan.Instances[3]);
        Assert.NotEqual(web1.Port, web2.Port);
        Assert.Equal(web1.Port.ToString(), web1.Environment["PORT"]);
        Assert.Equal($"http://127.0.0.1:{api.Port}", web1.Environment["API"]);
        Assert.Equal("postgres://x", web2.Environment["DB"]);
        Assert.Equal("/app/bin", web1.Environment["PATH"]); // the app's variables win over inherited ones
        Assert.Equal("/root", web1.Environment["HOME"]);
        Assert.Null(jobs.Port);
        Assert.False(jobs.Environment.ContainsKey("PORT"));
        Assert.Equal("debug", jobs.Environment["LOG_LEVEL"]);
        Assert.Equal("/srv/demo/release/jobs", jobs.WorkingDirectory);
        Assert.Equal("run jobs", jobs.Command);
    }

    [Fact]
    public void Cron_services_are_left_to_the_scheduler_and_draining_seconds_become_the_grace_period()
    {
        var app = App(ValueMap.Empty, Service("nightly", ServiceKind.Cron), Service("web", ServiceKind.Web) with { DrainingSeconds = 20 });

        var plan = Plan(app);

        var web = Assert.Single(plan.Instances);
        Assert.Equal(TimeSpan.FromSeconds(20), web.StopGracePeriod);
    }

    [Fact]
    public void A_requested_port_is_used_when_free()
    {
        var free = new PortAllocator().Allocate();
        var plan = Plan(App(ValueMap.Empty, Service("web", ServiceKind.Web, variables: Map(("PORT", free.ToString())))));

        Assert.Empty(plan.Diagnostics);
        Assert.Equal(free, plan.Instances[0].Port);
    }

    [Fact]
    public void A_requested_port_in_use_or_shared_by_replicas_is_an_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;

        var inUse = Plan(App(ValueMap.Empty, Service("web", ServiceKind.Web, variables: Map(("PORT", taken.ToString())))));
        var replicas = Plan(App(ValueMap.Empty, Service("web", ServiceKind.Web, replicas: 2, Map(("PORT", "3000")))));

        Assert.True(inUse.HasErrors);
        Assert.Contains($"port {taken} on 127.0.0.1 is already in use", inUse.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.True(replicas.HasErrors);
        Assert.Contains("runs 2 replicas", replicas.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unresolved_references_are_reported_once()
    {
        var plan = Plan(App(ValueMap.Empty, Service("web", ServiceKind.Web, replicas: 3, Map(("DB", "${{ db.URL }}")))));

        var diagnostic = Assert.Single(plan.Diagnostics);
        Assert.Contains("${{ db.URL }}", diagnostic.Message, StringComparison.Ordinal);
        Assert.All(plan.Instances, i => Assert.Equal("", i.Environment["DB"]));
    }

    [Fact]
    public void Inherited_variables_are_picked_by_name_and_prefix()
    {
        var current = new Hashtable { ["PATH"] = "/bin", ["LC_ALL"] = "C.UTF-8", ["LC_TIME"] = "C", ["RUNWAY_SECRET"] = "x", ["PATHX"] = "no" };

        var inherited = InstanceEnvironment.Inherited(["PATH", "LC_*"], current);

        Assert.Equal(["LC_ALL", "LC_TIME", "PATH"], inherited.Keys);
    }

    [Fact]
    public void The_port_allocator_never_hands_out_a_port_twice()
    {
        var ports = new PortAllocator();
        var handed = Enumerable.Range(0, 20).Select(_ => ports.Allocate()).ToList();

        Assert.Equal(handed.Count, handed.Distinct().Count());
        Assert.False(ports.TryReserve(handed[0]));
        ports.Release(handed[0]);
        Assert.True(ports.TryReserve(handed[0]));
    }
}
