using Runway.Edge.LoadBalancing;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.LoadBalancing;

public sealed class PowerOfTwoChoicesTests
{
    private static Destination[] Three(out Destination a, out Destination b, out Destination c)
    {
        var set = new ServiceDestinations("web");
        set.Update([
            new DestinationConfig("a", new Uri("http://127.0.0.1:1")),
            new DestinationConfig("b", new Uri("http://127.0.0.1:2")),
            new DestinationConfig("c", new Uri("http://127.0.0.1:3")),
        ]);
        var all = set.Current;
        (a, b, c) = (all[0], all[1], all[2]);
        return all;
    }

    private static void Load(Destination destination, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            destination.Enter();
        }
    }

    [Fact]
    public void Of_two_random_instances_the_one_with_fewer_requests_in_flight_wins()
    {
        var all = Three(out var a, out var b, out _);
        Load(a, 5);
        Load(b, 1);

        // First choice index 0 (a), second choice index 0 of the remaining two, i.e. b.
        Assert.Same(b, PowerOfTwoChoices.Pick(all, exclude: null, now: 0, new ScriptedRandom(0, 0)));
        Assert.Same(b, PowerOfTwoChoices.Pick(all, exclude: null, now: 0, new ScriptedRandom(1, 0)));
    }

    [Fact]
    public void The_two_choices_are_always_different_instances()
    {
        var all = Three(out var a, out var b, out _);
        Load(a, 3);

        // Both draws say "index 0": the second is moved past the first, so the busy a is compared with b, not with itself.
        Assert.Same(b, PowerOfTwoChoices.Pick(all, exclude: null, now: 0, new ScriptedRandom(0, 0)));
    }

    [Fact]
    public void A_tie_goes_to_the_first_choice()
    {
        var all = Three(out _, out _, out var c);

        Assert.Same(c, PowerOfTwoChoices.Pick(all, exclude: null, now: 0, new ScriptedRandom(2, 0)));
    }

    [Fact]
    public void Unhealthy_and_excluded_instances_are_never_picked()
    {
        var all = Three(out var a, out var b, out var c);
        a.Healthy = false;

        for (var seed = 0; seed < 50; seed++)
        {
            Assert.Same(c, PowerOfTwoChoices.Pick(all, exclude: b, now: 0, new Random(seed)));
        }
    }

    [Fact]
    public void Nothing_is_picked_when_no_instance_is_available()
    {
        var all = Three(out var a, out var b, out var c);
        a.Healthy = false;
        b.Healthy = false;

        Assert.Null(PowerOfTwoChoices.Pick(all, exclude: c, now: 0, new Random(1)));
        Assert.Null(PowerOfTwoChoices.Pick([], exclude: null, now: 0, new Random(1)));
    }
}
