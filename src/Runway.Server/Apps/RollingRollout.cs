using Runway.Runtime;
using Runway.Server.Preparation;
using Runway.Server.Progress;

namespace Runway.Server.Apps;

/// <summary>The rollout for many replicas: a batch of new instances at a time (a quarter of them, at least one) starts,
/// passes the health gate, joins the edge while as many old instances of the same services leave it, and those old ones
/// drain and stop. Capacity never drops below the old release's and never needs twice the machine. If a batch does not
/// become healthy, the new instances stop, the old instances already stopped are started again, and the old release
/// serves alone as before.</summary>
internal sealed class RollingRollout(DaemonContext context, IProgressReporter progress)
{
    private const double BatchShare = 0.25;

    /// <summary>Rolling applies when a service of the new release has <paramref name="rollingFrom"/> replicas or more.</summary>
    public static bool Applies(PreparedApp prepared, int rollingFrom) =>
        prepared.Instances.GroupBy(i => i.Id.Service).Any(service => service.Count() >= rollingFrom);

    /// <returns>Why the rollout failed (the old release serves again), or null when only <paramref name="next"/> serves;
    /// the caller disposes <paramref name="old"/> then.</returns>
    public async Task<string?> RunAsync(RunningRelease old, RunningRelease next, CancellationToken cancellationToken)
    {
        var pending = new Queue<InstanceSpec>(next.Prepared.Instances);
        var batchSize = Math.Max(1, (int)Math.Ceiling(pending.Count * BatchShare));
        var stopped = new List<InstanceSpec>();
        progress.Step($"rolling v{next.Number} over v{old.Number} in batches of {batchSize}");
        while (pending.Count > 0)
        {
            var batch = Enumerable.Range(0, Math.Min(batchSize, pending.Count)).Select(_ => pending.Dequeue()).ToList();
            progress.Step($"starting {string.Join(", ", batch.Select(i => i.Id))}");
            var notReady = await HealthGate.StartAsync(next, batch, cancellationToken);
            if (notReady.Count > 0)
            {
                var why = $"v{next.Number} did not become healthy ({HealthGate.Explain(notReady)}); it was stopped";
                // Back to the old instances still running before the new ones stop, so no request meets a stopping one.
                context.Edge.Apply(EdgeWiring.Describe(old.Prepared, old.Instances));
                await EdgeWiring.DrainAsync(context.Edge, next.Instances, context.DrainTimeout, cancellationToken);
                await next.DisposeAsync();
                await RestoreAsync(old, stopped, cancellationToken);
                return $"{why}; v{old.Number} keeps serving";
            }

            var leaving = Leaving(old, batch);
            context.Edge.Apply(EdgeWiring.Describe(next.Prepared, old.Instances.Except(leaving).Concat(next.Instances)));
            await DrainAndStopAsync(old, leaving, cancellationToken);
            stopped.AddRange(leaving);
        }

        // Old instances beyond the new release's count (it has fewer replicas) leave last.
        next.StartSchedules();
        context.Edge.Apply(EdgeWiring.Describe(next.Prepared, next.Instances));
        await DrainAndStopAsync(old, old.Instances, cancellationToken);
        return null;
    }

    /// <summary>For each new instance of the batch, one old instance of the same service (the highest numbers first).</summary>
    private static List<InstanceSpec> Leaving(RunningRelease old, IEnumerable<InstanceSpec> batch) =>
        batch.GroupBy(i => i.Id.Service)
            .SelectMany(service => old.Instances.Where(i => i.Id.Service == service.Key).OrderByDescending(i => i.Id.Number).Take(service.Count()))
            .ToList();

    private async Task DrainAndStopAsync(RunningRelease old, IReadOnlyList<InstanceSpec> leaving, CancellationToken cancellationToken)
    {
        if (leaving.Count == 0)
        {
            return;
        }

        progress.Step($"draining and stopping {string.Join(", ", leaving.Select(i => i.Id))} of v{old.Number}");
        await EdgeWiring.DrainAsync(context.Edge, leaving, context.DrainTimeout, cancellationToken);
        await old.RemoveAsync(leaving.Select(i => i.Id).ToList(), cancellationToken);
    }

    /// <summary>Starts again as many old instances as were stopped, then gives the edge back to the old release alone.</summary>
    private async Task RestoreAsync(RunningRelease old, List<InstanceSpec> stopped, CancellationToken cancellationToken)
    {
        if (stopped.Count > 0)
        {
            var counts = stopped.GroupBy(i => i.Id.Service).ToDictionary(g => g.Key, g => g.Count());
            var plan = new ReleasePlanner(progress, context.Supervision).Plan(old.Built, counts, old.Holds, old.Prepared.Addons);
            var again = plan?.Instances.Where(i => counts.ContainsKey(i.Id.Service)).ToList() ?? [];
            progress.Step($"starting v{old.Number}'s {string.Join(", ", again.Select(i => i.Id))} again");
            var notReady = await HealthGate.StartAsync(old, again, cancellationToken);
            if (notReady.Count > 0)
            {
                progress.Warning($"v{old.Number} is not back to full strength: {HealthGate.Explain(notReady)}");
            }
        }

        context.Edge.Apply(EdgeWiring.Describe(old.Prepared, old.Instances));
    }
}
