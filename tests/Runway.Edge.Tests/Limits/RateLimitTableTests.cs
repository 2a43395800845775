using Runway.Edge.Limits;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Limits;

public class RateLimitTableTests
{
    [Fact]
    public void Ended_windows_of_clients_that_went_away_are_dropped()
    {
        var time = new ManualTimeProvider();
        var rule = new RateLimitRule("/", 1, TimeSpan.FromMinutes(1));
        var table = new RateLimitTable([rule], time);
        for (var i = 0; i <= 10_000; i++)
        {
            table.Acquire(rule, "client-" + i);
        }

        Assert.Equal(10_001, table.WindowCount);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(table.Acquire(rule, "client-0").Allowed);
        Assert.Equal(1, table.WindowCount);
    }

    [Fact]
    public void Clients_are_counted_apart()
    {
        var time = new ManualTimeProvider();
        var rule = new RateLimitRule("/", 1, TimeSpan.FromMinutes(1));
        var table = new RateLimitTable([rule], time);
        Assert.True(table.Acquire(rule, "10.0.0.1").Allowed);
        Assert.False(table.Acquire(rule, "10.0.0.1").Allowed);
        Assert.True(table.Acquire(rule, "10.0.0.2").Allowed);
    }

    [Fact]
    public void The_longest_matching_prefix_is_chosen()
    {
        var table = new RateLimitTable([new RateLimitRule("/api/", 100, TimeSpan.FromMinutes(15)), new RateLimitRule("/api/auth/", 5, TimeSpan.FromMinutes(15))], TimeProvider.System);
        Assert.Equal("/api/auth/", table.Match("/api/auth/login")!.PathPrefix);
        Assert.Equal("/api/", table.Match("/api/users")!.PathPrefix);
        Assert.Null(table.Match("/apix"));
        Assert.Null(table.Match("/"));
    }
}
