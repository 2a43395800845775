namespace Runway.Runtime.Autoscaling;

/// <summary>The replica counts recommended during the last <c>length</c> of time; a scale-down may go no lower than the highest
/// of them (Kubernetes HPA's scale-down stabilization window), so a short dip in load does not remove instances.</summary>
internal sealed class RecommendationWindow(TimeSpan length)
{
    private readonly Queue<(DateTimeOffset At, int Replicas)> _recommendations = new();

    /// <summary>Adds the recommendation made at <paramref name="at"/> and forgets those older than the window.</summary>
    public void Add(DateTimeOffset at, int replicas)
    {
        var from = at - length;
        while (_recommendations.TryPeek(out var oldest) && oldest.At <= from)
        {
            _recommendations.Dequeue();
        }

        _recommendations.Enqueue((at, replicas));
    }

    /// <summary>The highest recommendation in the window (the last one added is always in it).</summary>
    public int Highest => _recommendations.Max(r => r.Replicas);
}
