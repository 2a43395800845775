using Runway.Runtime;

namespace Runway.Server.Apps;

/// <summary>New instances take traffic only once healthy: each gets its service's healthcheckTimeout (Railway's rule).</summary>
internal static class HealthGate
{
    /// <summary>The longest healthcheckTimeout of <paramref name="instances"/>, plus a little for the processes to start.</summary>
    public static TimeSpan For(IEnumerable<InstanceSpec> instances) =>
        instances.Select(i => i.Health.StartTimeout).DefaultIfEmpty(TimeSpan.Zero).Max() + TimeSpan.FromSeconds(5);

    /// <summary>Starts <paramref name="instances"/> in <paramref name="release"/> and waits until each is healthy, has ended,
    /// or the gate closed.</summary>
    /// <returns>Those of them that are not healthy; empty when all are.</returns>
    public static async Task<IReadOnlyList<InstanceStatus>> StartAsync(RunningRelease release, IReadOnlyList<InstanceSpec> instances, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(For(instances));
        try
        {
            await release.AddAsync(instances, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The gate closed: the status says which instances were not ready.
        }

        var started = instances.Select(i => i.Id).ToHashSet();
        return release.Status().Where(s => started.Contains(s.Instance) && s.State != InstanceState.Healthy).ToList();
    }

    /// <summary>One line per instance that did not pass: its state and why.</summary>
    public static string Explain(IEnumerable<InstanceStatus> notReady) =>
        string.Join("; ", notReady.Select(s => $"{s.Instance} {s.State.ToString().ToLowerInvariant()}: {s.Reason}"));
}
