using Runway.Edge.LoadBalancing;

namespace Runway.Edge.Tests.LoadBalancing;

public sealed class ServiceDestinationsTests
{
    [Fact]
    public void An_update_replaces_the_set_and_leaves_earlier_snapshots_untouched()
    {
        var set = new ServiceDestinations("web");
        set.Update([new DestinationConfig("v1-a", new Uri("http://127.0.0.1:1")), new DestinationConfig("v1-b", new Uri("http://127.0.0.1:2"))]);
        var before = set.Snapshot;

        set.Update([new DestinationConfig("v2-a", new Uri("http://127.0.0.1:3"))]);

        Assert.Equal(["v1-a", "v1-b"], before.Select(d => d.Id));
        Assert.Equal(["v2-a"], set.Snapshot.Select(d => d.Id));
    }

    [Fact]
    public void An_instance_kept_across_an_update_keeps_its_counters_and_takes_the_new_health()
    {
        var set = new ServiceDestinations("web");
        set.Update([new DestinationConfig("a", new Uri("http://127.0.0.1:1"))]);
        var a = set.Current[0];
        a.Enter();

        set.Update([new DestinationConfig("a", new Uri("http://127.0.0.1:1"), Healthy: false), new DestinationConfig("b", new Uri("http://127.0.0.1:2"))]);

        Assert.Same(a, set.Current[0]);
        Assert.Equal(1, set.Current[0].InFlight);
        Assert.False(set.Current[0].Healthy);
    }

    [Fact]
    public void An_instance_id_that_moved_to_another_address_starts_afresh()
    {
        var set = new ServiceDestinations("web");
        set.Update([new DestinationConfig("a", new Uri("http://127.0.0.1:1"))]);
        var old = set.Current[0];

        set.Update([new DestinationConfig("a", new Uri("http://127.0.0.1:9"))]);

        Assert.NotSame(old, set.Current[0]);
        Assert.Equal(new Uri("http://127.0.0.1:9"), set.Current[0].Address);
    }

    [Fact]
    public void Duplicate_instance_ids_are_refused()
    {
        var set = new ServiceDestinations("web");

        Assert.Throws<ArgumentException>(() => set.Update([
            new DestinationConfig("a", new Uri("http://127.0.0.1:1")),
            new DestinationConfig("a", new Uri("http://127.0.0.1:2")),
        ]));
        Assert.Empty(set.Snapshot);
    }

    [Fact]
    public void Health_can_be_set_per_instance()
    {
        var set = new ServiceDestinations("web");
        set.Update([new DestinationConfig("a", new Uri("http://127.0.0.1:1"))]);

        Assert.True(set.SetHealthy("a", false));
        Assert.False(set.Current[0].Healthy);
        Assert.False(set.SetHealthy("missing", true));
    }

    [Fact]
    public void The_registry_hands_out_one_stable_set_per_service()
    {
        var registry = new ServiceRegistry();
        var first = registry.Update("app/production/web", [new DestinationConfig("a", new Uri("http://127.0.0.1:1"))]);
        var second = registry.Update("app/production/web", [new DestinationConfig("b", new Uri("http://127.0.0.1:2"))]);

        Assert.Same(first, second);
        Assert.True(registry.TryGet("app/production/web", out var found));
        Assert.Equal("b", Assert.Single(found.Snapshot).Id);
        Assert.True(registry.Remove("app/production/web"));
        Assert.Empty(first.Snapshot);
        Assert.False(registry.TryGet("app/production/web", out _));
    }
}
