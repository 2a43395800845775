using Runway.Edge.LoadBalancing;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.LoadBalancing;

/// <summary>Consecutive failed forwards take an instance out of rotation for a while; then it gets another chance.</summary>
public sealed class PassiveHealthTests
{
    private const int Threshold = 3;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _time = new();
    private readonly Destination _destination;

    public PassiveHealthTests()
    {
        var set = new ServiceDestinations("web");
        set.Update([new DestinationConfig("web-1", new Uri("http://127.0.0.1:1"))]);
        _destination = set.Current[0];
    }

    private bool Fail() => _destination.RecordFailure(_time.GetTimestamp(), Threshold, Period.Ticks);

    private bool Available => _destination.IsAvailable(_time.GetTimestamp());

    [Fact]
    public void An_instance_is_ejected_after_the_threshold_of_consecutive_failures()
    {
        Assert.False(Fail());
        Assert.False(Fail());
        Assert.True(Available);

        Assert.True(Fail());

        Assert.False(Available);
        Assert.True(_destination.IsEjected(_time));
    }

    [Fact]
    public void A_success_resets_the_count()
    {
        Fail();
        Fail();
        _destination.RecordSuccess();
        Fail();
        Fail();

        Assert.True(Available);
    }

    [Fact]
    public void An_ejected_instance_returns_after_the_reactivation_period_on_probation()
    {
        Fail();
        Fail();
        Fail();

        _time.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.False(Available);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Available);

        // On probation: a single failure ejects it again.
        Assert.True(Fail());
        Assert.False(Available);
    }

    [Fact]
    public void A_success_after_reactivation_ends_the_probation()
    {
        Fail();
        Fail();
        Fail();
        _time.Advance(Period);

        _destination.RecordSuccess();
        Assert.False(Fail());
        Assert.False(Fail());

        Assert.True(Available);
    }

    [Fact]
    public void An_instance_the_runtime_marked_unhealthy_is_not_available_whatever_its_failures()
    {
        _destination.Healthy = false;

        Assert.False(Available);
        Assert.False(_destination.IsEjected(_time));
    }
}
