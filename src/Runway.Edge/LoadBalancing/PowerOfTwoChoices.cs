namespace Runway.Edge.LoadBalancing;

/// <summary>Picks an instance by the "power of two choices": two distinct available instances at random, the one with fewer
/// requests in flight wins (Mitzenmacher 2001). Nearly as good as least-requests, without a global scan for the minimum
/// and without every proxy herding onto the same idle instance.</summary>
internal static class PowerOfTwoChoices
{
    private const int StackLimit = 64;

    public static Destination? Pick(Destination[] destinations, Destination? exclude, long now, Random random)
    {
        Span<int> available = destinations.Length <= StackLimit ? stackalloc int[destinations.Length] : new int[destinations.Length];
        var count = 0;
        for (var i = 0; i < destinations.Length; i++)
        {
            var destination = destinations[i];
            if (!ReferenceEquals(destination, exclude) && destination.IsAvailable(now))
            {
                available[count++] = i;
            }
        }

        switch (count)
        {
            case 0:
                return null;
            case 1:
                return destinations[available[0]];
        }

        var first = random.Next(count);
        var second = random.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = destinations[available[first]];
        var b = destinations[available[second]];
        return b.InFlight < a.InFlight ? b : a;
    }
}
