using Runway.Runtime.Processes;

namespace Runway.Runtime.Health;

/// <summary>Passes while the instance's main process runs (workers, and web services without a port).</summary>
internal sealed class ProcessAliveProbe(IInstanceProcess process) : IHealthProbe
{
    public string Description => $"process {process.Id} is running";

    public Task<ProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(process.Exited.IsCompleted
            ? ProbeResult.Fail($"process {process.Id} has ended")
            : ProbeResult.Pass(Description));
    }
}
