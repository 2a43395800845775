using Runway.Runtime;
using Runway.Runtime.Processes;
using Runway.Server.Logs;
using Runway.Server.Preparation;
using Runway.State;

namespace Runway.Server.Apps;

/// <summary>Keeps the record of an app's instances: their health in the edge, their processes in the state store (so a
/// restarted daemon finds what was left running), their notable changes as events, their output in the app's log.</summary>
internal sealed class InstanceRecorder(string app, DaemonContext context, AppLog log, Func<InstanceId, int?> releaseOf) : IInstanceObserver
{
    private readonly IInstanceObserver _edgeHealth = EdgeWiring.HealthFeed(() => context.Edge, app);

    public void OnOutput(InstanceOutputLine line) => log.Append(new LogLine(line.At, line.Instance.ToString(), line.Text));

    public void OnStateChanged(InstanceStateChange change)
    {
        _edgeHealth.OnStateChanged(change);
        var id = change.Instance.ToString();
        log.Append(new LogLine(change.At, "runway", change.ToString()));
        if (change.Current is InstanceState.Stopped or InstanceState.Exited or InstanceState.Failed)
        {
            context.State.RemoveInstance(app, id);
        }
        else if (change.ProcessId is { } pid)
        {
            var release = releaseOf(change.Instance) ?? 0;
            context.State.SaveInstance(new InstanceRecord(app, id, release, pid, LeftoverProcesses.StartTicks(pid), null, change.Current.ToString(), change.At));
        }

        if (change.Current is InstanceState.Failed or InstanceState.Backoff or InstanceState.Unhealthy
            || (change.Current == InstanceState.Healthy && change.ConsecutiveRestarts > 0))
        {
            context.State.AddEvent(app, "instance-" + change.Current.ToString().ToLowerInvariant(), change.ToString());
        }
    }
}
