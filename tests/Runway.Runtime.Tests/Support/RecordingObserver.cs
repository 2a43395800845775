using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Support;

/// <summary>Keeps every event for assertions.</summary>
internal sealed class RecordingObserver : IInstanceObserver
{
    private readonly Lock _lock = new();
    private readonly List<InstanceStateChange> _changes = [];
    private readonly List<InstanceOutputLine> _lines = [];

    public IReadOnlyList<InstanceStateChange> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    public IReadOnlyList<InstanceOutputLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void OnStateChanged(InstanceStateChange change)
    {
        lock (_lock)
        {
            _changes.Add(change);
        }
    }

    public void OnOutput(InstanceOutputLine line)
    {
        lock (_lock)
        {
            _lines.Add(line);
        }
    }

    public int Count(InstanceState state) => Changes.Count(c => c.Current == state);

    public InstanceStateChange? Last(InstanceState state) => Changes.LastOrDefault(c => c.Current == state);

    public Task WaitForAsync(InstanceState state, int times = 1, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Count(state) >= times, $"{times}× {state}; seen: {Describe()}", timeout);

    public string Describe() => string.Join(" | ", Changes.Select(c => c.ToString()));
}
