using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Planning;
using Runway.Runtime.Scheduling;
using Runway.Runtime.Variables;
using Runway.Server.Progress;

namespace Runway.Server.Preparation;

/// <summary>Turns a built release into what runs: service instances (ports, environments), cron jobs and sites.</summary>
internal sealed class ReleasePlanner(IProgressReporter progress, SupervisorOptions supervision)
{
    /// <param name="scale">Replica counts that replace the spec's (`runway scale`).</param>
    /// <param name="numberInUse">Instance numbers that are taken (by the instances of the release being replaced): new
    /// instances take the lowest numbers that are free, so old and new run side by side under distinct names.</param>
    /// <param name="addons">The variables each provisioned add-on publishes, by add-on name (<c>${{ db.DATABASE_URL }}</c>).</param>
    /// <returns>The plan, or null when it has errors (already reported).</returns>
    public PreparedApp? Plan(
        BuiltRelease release,
        IReadOnlyDictionary<string, int>? scale = null,
        Func<InstanceId, bool>? numberInUse = null,
        IReadOnlyDictionary<string, ValueMap>? addons = null)
    {
        addons ??= new Dictionary<string, ValueMap>();
        release = release with { App = AddonVariables.WithDefaults(release.App, addons) };
        var app = release.App;
        var instances = PlanInstances(release, scale, numberInUse ?? (_ => false), addons);
        var cronJobs = instances is null ? null : PlanCronJobs(release, addons);
        if (instances is null || cronJobs is null)
        {
            return null;
        }

        var sites = app.Sites
            .Select(site => release.Part(site.Name).OutputDirectory is { } output ? new BuiltSite(site, output) : null)
            .OfType<BuiltSite>()
            .ToValueList();
        return new PreparedApp(app, release.Release, EntryChooser.Choose(app), instances.Value, sites) { CronJobs = cronJobs.Value, Addons = addons };
    }

    private ValueList<InstanceSpec>? PlanInstances(
        BuiltRelease release, IReadOnlyDictionary<string, int>? scale, Func<InstanceId, bool> numberInUse, IReadOnlyDictionary<string, ValueMap> addons)
    {
        var app = release.App;
        var launches = app.Services
            .Where(s => s.Kind != ServiceKind.Cron)
            .Select(s => (Service: s, Part: release.Part(s.Name)))
            .Select(x => new ServiceLaunch(
                scale is not null && scale.TryGetValue(x.Service.Name, out var replicas) ? x.Service with { Replicas = replicas } : x.Service,
                x.Part.StartCommand!,
                x.Part.Directory))
            .ToList();
        var planned = Planned(release, InstancePlanner.Plan(app, launches, new PortAllocator(), Inherited(), addons));
        return planned?.GroupBy(i => i.Id.Service, StringComparer.Ordinal)
            .SelectMany(service => Renumber(service.ToList(), numberInUse))
            .ToValueList();
    }

    private static IEnumerable<InstanceSpec> Renumber(List<InstanceSpec> instances, Func<InstanceId, bool> numberInUse)
    {
        var next = 1;
        foreach (var instance in instances)
        {
            while (numberInUse(new InstanceId(instance.Id.Service, next)))
            {
                next++;
            }

            yield return instance with { Id = new InstanceId(instance.Id.Service, next++) };
        }
    }

    /// <summary>Railway's cronSchedule services: planned like workers (environment, references), run by the scheduler.</summary>
    private ValueList<CronJob>? PlanCronJobs(BuiltRelease release, IReadOnlyDictionary<string, ValueMap> addons)
    {
        var app = release.App;
        var crons = app.Services.Where(s => s.Kind == ServiceKind.Cron).ToList();
        var launches = crons
            .Select(c => new ServiceLaunch(c with { Kind = ServiceKind.Worker, Replicas = 1 }, release.Part(c.Name).StartCommand!, release.Part(c.Name).Directory))
            .ToList();
        var runs = Planned(release, InstancePlanner.Plan(app, launches, new PortAllocator(), Inherited(), addons));
        if (runs is null)
        {
            return null;
        }

        var jobs = new List<CronJob>();
        foreach (var run in runs.Value)
        {
            var service = crons.First(c => c.Name == run.Id.Service);
            if (!CronSchedule.TryParse(service.CronSchedule ?? "", out var schedule, out var problem))
            {
                progress.Error($"service '{service.Name}': cronSchedule '{service.CronSchedule}' {problem}");
                return null;
            }

            jobs.Add(new CronJob(run, schedule));
        }

        return jobs.ToValueList();
    }

    private ValueMap Inherited() => InstanceEnvironment.Inherited(supervision.InheritedVariables);

    /// <summary>Reports the plan's diagnostics and gives each instance its run environment; null when the plan has errors.</summary>
    private ValueList<InstanceSpec>? Planned(BuiltRelease release, InstancePlan plan)
    {
        foreach (var diagnostic in plan.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                progress.Error(diagnostic.ToString());
            }
            else
            {
                progress.Warning(diagnostic.ToString());
            }
        }

        if (plan.HasErrors)
        {
            progress.Error("nothing was started");
            return null;
        }

        return plan.Instances
            .Select(instance => instance with
            {
                Environment = RunEnvironment.For(release.Part(instance.Id.Service), release.App, instance.Id.Service, instance.Environment),
            })
            .ToValueList();
    }
}
