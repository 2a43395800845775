using Runway.Runtime;
using Runway.Server.Progress;

namespace Runway.Server.Apps;

/// <summary>Where one app's instance events go: the edge's health view, the state store, the app's log, and — while a
/// deploy or scale is in progress — the client that asked for it.</summary>
internal sealed class InstanceFeed(IInstanceObserver permanent) : IInstanceObserver
{
    private IInstanceObserver? _watcher;

    /// <summary>Also tells <paramref name="progress"/> about state changes until the returned handle is disposed.</summary>
    public IDisposable Watch(IProgressReporter progress)
    {
        var watcher = new StateChangesOnly(new InstanceReporter(progress));
        Volatile.Write(ref _watcher, watcher);
        return new Unwatch(() => Interlocked.CompareExchange(ref _watcher, null, watcher));
    }

    public void OnOutput(InstanceOutputLine line) => permanent.OnOutput(line);

    public void OnStateChanged(InstanceStateChange change)
    {
        permanent.OnStateChanged(change);
        Volatile.Read(ref _watcher)?.OnStateChanged(change);
    }

    private sealed class StateChangesOnly(IInstanceObserver inner) : IInstanceObserver
    {
        public void OnOutput(InstanceOutputLine line)
        {
        }

        public void OnStateChanged(InstanceStateChange change) => inner.OnStateChanged(change);
    }

    private sealed class Unwatch(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
