using Runway.Runtime;

namespace Runway.Server.Progress;

/// <summary>Hands every instance event to each of several observers, in order.</summary>
internal sealed class ObserverFanOut(params IInstanceObserver[] observers) : IInstanceObserver
{
    public void OnOutput(InstanceOutputLine line)
    {
        foreach (var observer in observers)
        {
            observer.OnOutput(line);
        }
    }

    public void OnStateChanged(InstanceStateChange change)
    {
        foreach (var observer in observers)
        {
            observer.OnStateChanged(change);
        }
    }
}
