using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Autoscaling;
using Runway.Runtime.Metrics;
using Runway.Server.Progress;

namespace Runway.Server.Apps;

/// <summary>Keeps each autoscaled service of one app's serving release between its min and max replicas: at each tick it
/// samples CPU (from /proc, between two ticks) and in-flight requests and p95 latency (from the edge), asks the service's
/// <see cref="Autoscaler"/>, and scales when the answer differs. Each change is an event with the decision's reason.</summary>
internal sealed class AppAutoscaler(AppHost host, DaemonContext context)
{
    private readonly Dictionary<string, Autoscaler> _scalers = new(StringComparer.Ordinal);
    private readonly Dictionary<InstanceId, InstanceMetricsReading> _lastCpu = [];
    private int? _release;

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        if (host.Current is not { } running)
        {
            return;
        }

        var now = context.Time.GetUtcNow();
        if (_release != running.Number)
        {
            // A new release (or a first tick): fresh autoscalers, counted from now.
            _release = running.Number;
            _scalers.Clear();
            _lastCpu.Clear();
            foreach (var service in running.Prepared.App.Services.Where(s => s.Autoscale is { HasTarget: true } && s.Kind != ServiceKind.Cron))
            {
                _scalers[service.Name] = new Autoscaler(service.Autoscale!, running.Instances.Count(i => i.Id.Service == service.Name), now);
            }
        }

        if (_scalers.Count == 0)
        {
            return;
        }

        var cpu = CpuPercentByService(running.Metrics());
        foreach (var (service, scaler) in _scalers)
        {
            var replicas = running.Instances.Count(i => i.Id.Service == service);
            var load = context.Edge.GetServiceLoad(host.Name, service, context.AutoscaleWindow);
            var sample = new AutoscaleSample(
                replicas,
                cpu.GetValueOrDefault(service),
                load is { Instances: > 0 } ? load.InFlight / (double)load.Instances : null,
                load?.P95);
            var decision = scaler.Decide(sample, now);
            if (decision.DesiredReplicas == replicas)
            {
                continue;
            }

            var progress = new LogProgress(host.Log, context.Time);
            var scaled = await host.ExclusiveAsync(
                () => host.Current == running ? host.ScaleAsync(new Dictionary<string, int> { [service] = decision.DesiredReplicas }, remember: false, progress, cancellationToken) : Task.FromResult(false),
                cancellationToken);
            if (scaled)
            {
                scaler.Applied(decision.DesiredReplicas, context.Time.GetUtcNow());
                context.State.AddEvent(host.Name, "autoscaled", $"{service}: {decision.Reason}");
            }
        }
    }

    /// <summary>Average CPU percent per instance of each service since the previous tick (instances seen twice only).</summary>
    private Dictionary<string, double> CpuPercentByService(IReadOnlyList<InstanceMetricsReading> readings)
    {
        var percents = new List<(string Service, double Percent)>();
        foreach (var reading in readings)
        {
            if (_lastCpu.TryGetValue(reading.Instance, out var earlier) && reading.At > earlier.At)
            {
                percents.Add((reading.Instance.Service, CpuUsage.Percent(earlier, reading)));
            }

            _lastCpu[reading.Instance] = reading;
        }

        return percents.GroupBy(p => p.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(p => p.Percent), StringComparer.Ordinal);
    }
}
