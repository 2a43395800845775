using Runway.Build;
using Runway.Build.Releases;
using Runway.Cli.Output;
using Runway.Config;
using Runway.Edge.Routing;
using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Planning;
using Runway.Runtime.Scheduling;
using Runway.Runtime.Variables;

namespace Runway.Cli.Up;

/// <summary>The steps before anything runs: read the app's files, build a release, plan the instances, run the release phase.
/// Each step reports what it does; the first failure is reported and ends preparation with nothing left running.</summary>
internal sealed class AppPreparer(ConsoleReporter console, RunwayHome home, SupervisorOptions supervision)
{
    /// <returns>The prepared app, or null when a step failed (already reported).</returns>
    public async Task<PreparedApp?> PrepareAsync(UpRequest request, CancellationToken cancellationToken)
    {
        var app = Load(request);
        if (app is null)
        {
            return null;
        }

        var entry = EntryChooser.Choose(app);
        if (request.Port is { } port && entry is null)
        {
            console.Error($"--port {port}: the app has no web service or site to expose on it");
            return null;
        }

        if (request.Port is { } wanted && !PortAllocator.IsFree(wanted))
        {
            console.Error($"--port {wanted}: 127.0.0.1:{wanted} is already in use; stop what uses it or choose another port");
            return null;
        }

        var build = await BuildAsync(app, cancellationToken);
        if (build is null)
        {
            return null;
        }

        var instances = PlanInstances(app, build);
        var cronJobs = instances is null ? null : PlanCronJobs(app, build);
        if (instances is null || cronJobs is null || !await RunReleaseCommandsAsync(app, build, instances.Value, cancellationToken))
        {
            return null;
        }

        var sites = build.Parts
            .Where(p => p.OutputDirectory is not null)
            .Select(p => new BuiltSite(app.Sites.First(s => s.Name == p.Plan.PartName), p.OutputDirectory!))
            .ToValueList();
        return new PreparedApp(app, build, entry, instances.Value, sites) { CronJobs = cronJobs.Value };
    }

    private AppSpec? Load(UpRequest request)
    {
        console.Step($"reading {request.Directory} (environment {request.Environment})");
        var result = AppLoader.Load(request.Directory, new AppLoadOptions { Environment = request.Environment });
        if (result.Spec is { } loaded)
        {
            // Vercel refuses a deployment whose routing does not compile; so does Runway, before building anything.
            var routing = loaded.Sites.SelectMany(site => RoutingValidation.Check(site.Routing)).ToList();
            result = routing.Exists(d => d.IsError)
                ? new AppLoadResult(null, result.Diagnostics.AddRange(routing))
                : result with { Diagnostics = result.Diagnostics.AddRange(routing) };
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            var located = diagnostic with { Location = diagnostic.Location with { File = Path.Join(request.Directory, diagnostic.Location.File) } };
            if (diagnostic.IsError)
            {
                console.Error(located.ToString());
            }
            else
            {
                console.Warning(located.ToString());
            }
        }

        if (result.Spec is null)
        {
            var errors = result.Diagnostics.Count(d => d.IsError);
            console.Error($"{errors} error{(errors == 1 ? "" : "s")} in the app's files; nothing was built or started");
            return null;
        }

        var app = result.Spec;
        console.Step($"app {app.Name}: {Describe(app)}");
        return app;
    }

    private static string Describe(AppSpec app)
    {
        var parts = app.Services.Select(s => $"{s.Name} ({s.Kind.ToString().ToLowerInvariant()})")
            .Concat(app.Sites.Select(s => $"{s.Name} (site)"))
            .ToList();
        return parts.Count == 0 ? "nothing to run" : string.Join(", ", parts);
    }

    private async Task<AppBuildResult?> BuildAsync(AppSpec app, CancellationToken cancellationToken)
    {
        var builder = new Builder(new ReleaseStore(home, TimeProvider.System));
        var progress = new OrderedProgress<BuildOutputLine>(line =>
        {
            if (line.Source == BuildOutputSource.Runway)
            {
                console.Line("build", line.Text);
            }
            else
            {
                console.Line(line.Part.Length == 0 ? "build" : $"{line.Part}:build", line.Text);
            }
        });
        var result = await builder.BuildAppAsync(app, progress, cancellationToken);
        if (result.Succeeded)
        {
            console.Step($"built {result.Release}");
            return result;
        }

        if (result.Failure is { } failure)
        {
            console.Error($"build failed: {failure.Message}");
            if (failure.LastLines.Count > 0)
            {
                console.Detail($"last {failure.LastLines.Count} lines of `{failure.Command}`:");
                foreach (var line in failure.LastLines)
                {
                    console.Detail("  " + line);
                }
            }
        }
        else
        {
            foreach (var diagnostic in result.Diagnostics.Where(d => d.IsError))
            {
                console.Error(diagnostic.ToString());
            }

            console.Error("nothing was built");
        }

        return null;
    }

    private ValueList<InstanceSpec>? PlanInstances(AppSpec app, AppBuildResult build)
    {
        var services = build.Parts.Where(p => p.OutputDirectory is null).ToList();
        var launches = services
            .Select(p => new ServiceLaunch(app.Services.First(s => s.Name == p.Plan.PartName), p.Plan.StartCommand!, p.Directory))
            .ToList();
        return Planned(app, services, InstancePlanner.Plan(app, launches, new PortAllocator(), Inherited()));
    }

    /// <summary>Railway's cronSchedule services: planned like workers (environment, references), run by the scheduler.</summary>
    private ValueList<CronJob>? PlanCronJobs(AppSpec app, AppBuildResult build)
    {
        var crons = app.Services.Where(s => s.Kind == ServiceKind.Cron).ToList();
        var parts = build.Parts.Where(p => crons.Exists(c => c.Name == p.Plan.PartName)).ToList();
        var launches = parts
            .Select(p => new ServiceLaunch(crons.First(c => c.Name == p.Plan.PartName) with { Kind = ServiceKind.Worker, Replicas = 1 }, p.Plan.StartCommand!, p.Directory))
            .ToList();
        var runs = Planned(app, parts, InstancePlanner.Plan(app, launches, new PortAllocator(), Inherited()));
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
                console.Error($"service '{service.Name}': cronSchedule '{service.CronSchedule}' {problem}");
                return null;
            }

            jobs.Add(new CronJob(run, schedule));
        }

        return jobs.ToValueList();
    }

    private ValueMap Inherited() => InstanceEnvironment.Inherited(supervision.InheritedVariables);

    /// <summary>Reports the plan's diagnostics and gives each instance its run environment; null when the plan has errors.</summary>
    private ValueList<InstanceSpec>? Planned(AppSpec app, List<PartBuildResult> services, InstancePlan plan)
    {
        foreach (var diagnostic in plan.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                console.Error(diagnostic.ToString());
            }
            else
            {
                console.Warning(diagnostic.ToString());
            }
        }

        if (plan.HasErrors)
        {
            console.Error("nothing was started");
            return null;
        }

        return plan.Instances
            .Select(instance =>
            {
                var part = services.First(p => p.Plan.PartName == instance.Id.Service);
                return instance with { Environment = RunEnvironment.For(part.Plan, part.Directory, app, instance.Id.Service, instance.Environment) };
            })
            .ToValueList();
    }

    /// <summary>Heroku's release phase and Railway's preDeployCommand: once per release, before any instance starts.</summary>
    private async Task<bool> RunReleaseCommandsAsync(AppSpec app, AppBuildResult build, ValueList<InstanceSpec> instances, CancellationToken cancellationToken)
    {
        var runner = new ReleaseCommands();
        foreach (var service in app.Services.Where(s => !s.ReleaseCommands.IsEmpty))
        {
            var part = build.Parts.First(p => p.Plan.PartName == service.Name);
            var environment = instances.FirstOrDefault(i => i.Id.Service == service.Name)?.Environment ?? ValueMap.Empty;
            console.Step($"release phase of {service.Name}: {string.Join(" && ", service.ReleaseCommands)}");
            var failure = await runner.RunAsync(service.Name, service.ReleaseCommands, part.Directory, environment, line => console.Line($"{service.Name}:release", line), cancellationToken);
            if (failure is not null)
            {
                console.Error(failure.Message);
                foreach (var line in failure.LastLines)
                {
                    console.Detail("  " + line);
                }

                return false;
            }
        }

        return true;
    }
}
