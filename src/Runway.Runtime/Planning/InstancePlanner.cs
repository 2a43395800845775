using System.Globalization;
using Runway.Model;
using Runway.Runtime.Variables;

namespace Runway.Runtime.Planning;

/// <summary>A built service ready to run: the command that starts one instance and the directory it runs in.</summary>
/// <param name="Command">The start command (ServiceSpec.StartCommand, or the build provider's choice).</param>
/// <param name="WorkingDirectory">Absolute path of the service's directory inside the release.</param>
public sealed record ServiceLaunch(ServiceSpec Service, string Command, string WorkingDirectory);

/// <summary>The instances to start, and the problems found while planning them.</summary>
public sealed record InstancePlan(ValueList<InstanceSpec> Instances, ValueList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>Turns an app's services into instance specs: replicas, ports, and each instance's complete environment
/// (inherited variables, then shared, build and service variables with references resolved, then PORT).</summary>
public static class InstancePlanner
{
    /// <param name="launches">The services to run, in start order. Cron services are skipped: a scheduler runs them.</param>
    /// <param name="inherited">What every instance inherits from Runway's environment (<see cref="InstanceEnvironment.Inherited"/>).</param>
    /// <param name="addonVariables">Variables published by add-ons, by add-on name (<c>${{ postgres.DATABASE_URL }}</c>).</param>
    public static InstancePlan Plan(
        AppSpec app,
        IEnumerable<ServiceLaunch> launches,
        PortAllocator ports,
        ValueMap inherited,
        IReadOnlyDictionary<string, ValueMap>? addonVariables = null)
    {
        var diagnostics = new List<Diagnostic>();
        var sources = new Dictionary<string, ValueMap>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, variables) in addonVariables ?? new Dictionary<string, ValueMap>())
        {
            sources[name] = variables;
        }

        var services = new List<(ServiceLaunch Launch, ValueMap Variables, List<int?> Ports, SourceLocation Location)>();
        foreach (var launch in launches.Where(l => l.Service.Kind != ServiceKind.Cron))
        {
            var service = launch.Service;
            var location = service.DefinedAt ?? new SourceLocation(app.RootDirectory);
            var variables = app.Variables.With(service.Build.Variables).With(service.Variables);
            var instancePorts = Enumerable.Range(1, Math.Max(0, service.Replicas))
                .Select(_ => service.Kind == ServiceKind.Web ? PortFor(service, variables, ports, location, diagnostics) : (int?)null)
                .ToList();

            // Another service's ${{ web.PORT }} can only mean something when there is exactly one instance.
            sources[service.Name] = instancePorts is [{ } single] ? variables.With("PORT", Format(single)) : variables;
            services.Add((launch, variables, instancePorts, location));
        }

        var resolver = new VariableReferenceResolver(app.Variables, sources);
        var instances = new List<InstanceSpec>();
        foreach (var (launch, variables, instancePorts, location) in services)
        {
            var service = launch.Service;
            for (var index = 0; index < instancePorts.Count; index++)
            {
                var port = instancePorts[index];
                var scope = port is { } p ? variables.With("PORT", Format(p)) : variables;
                var resolution = resolver.Resolve(service.Name, scope, location);
                diagnostics.AddRange(resolution.Diagnostics);
                instances.Add(new InstanceSpec(
                    new InstanceId(service.Name, index + 1),
                    service.Kind,
                    launch.Command,
                    launch.WorkingDirectory,
                    InstanceEnvironment.Compose(inherited, resolution.Variables, port),
                    port,
                    service.Health,
                    service.Restart)
                {
                    StopGracePeriod = service.DrainingSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Limits = service.Limits,
                    App = app.Name,
                });
            }
        }

        return new InstancePlan(instances.ToValueList(), diagnostics.Distinct().ToValueList());
    }

    /// <summary>A PORT the service sets itself is used when free (Railway: a PORT variable sets the target port);
    /// otherwise the OS picks a free one.</summary>
    private static int PortFor(ServiceSpec service, ValueMap variables, PortAllocator ports, SourceLocation location, List<Diagnostic> diagnostics)
    {
        if (!variables.TryGetValue("PORT", out var text))
        {
            return ports.Allocate();
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var requested) || requested is < 1 or > 65535)
        {
            diagnostics.Add(Diagnostic.Warning(location, $"service '{service.Name}' sets PORT to '{text}', which is not a port number (1-65535); Runway assigns a free port instead"));
            return ports.Allocate();
        }

        if (service.Replicas > 1)
        {
            diagnostics.Add(Diagnostic.Error(location, $"service '{service.Name}' sets PORT={requested} but runs {service.Replicas} replicas, and each needs its own port; remove PORT so Runway assigns ports, or set numReplicas = 1"));
            return ports.Allocate();
        }

        if (!ports.TryReserve(requested))
        {
            diagnostics.Add(Diagnostic.Error(location, $"service '{service.Name}' sets PORT={requested}, but port {requested} on 127.0.0.1 is already in use; stop what uses it, or remove PORT so Runway assigns a free port"));
        }

        return requested;
    }

    private static string Format(int port) => port.ToString(CultureInfo.InvariantCulture);
}
