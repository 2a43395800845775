using Runway.Runtime;

namespace Runway.Server.Progress;

/// <summary>Prints instance output lines and state changes as they happen; a failed instance's last lines are repeated.</summary>
internal sealed class InstanceReporter(IProgressReporter console) : IInstanceObserver
{
    private const int FailureTailLines = 15;

    public void OnOutput(InstanceOutputLine line) => console.Line(line.Instance.ToString(), line.Text);

    public void OnStateChanged(InstanceStateChange change)
    {
        var reason = string.IsNullOrWhiteSpace(change.Reason) ? "" : $" ({change.Reason})";
        var verb = change.Current switch
        {
            InstanceState.Pending => "is pending",
            InstanceState.Starting => "starting",
            InstanceState.Healthy => "is healthy",
            InstanceState.Unhealthy => "is unhealthy",
            InstanceState.Backoff => "restarting",
            InstanceState.Stopping => "stopping",
            InstanceState.Stopped => "stopped",
            InstanceState.Exited => "exited",
            InstanceState.Failed => "failed",
            _ => change.Current.ToString().ToLowerInvariant(),
        };

        if (change.Current == InstanceState.Failed)
        {
            console.Error($"{change.Instance} {verb}{reason}");
            var tail = change.RecentOutput.TakeLast(FailureTailLines).ToList();
            console.Detail(tail.Count == 0 ? "it printed nothing" : $"last {tail.Count} line{(tail.Count == 1 ? "" : "s")} of {change.Instance}:");
            foreach (var line in tail)
            {
                console.Detail("  " + line);
            }

            return;
        }

        console.Step($"{change.Instance} {verb}{reason}");
    }
}
