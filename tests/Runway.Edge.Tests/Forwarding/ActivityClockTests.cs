using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.Forwarding;

public sealed class ActivityClockTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_forward_times_out_only_after_a_whole_timeout_without_progress()
    {
        var time = new ManualTimeProvider();
        using var clock = new ActivityClock(time);
        using var activity = new ActivityCancellation(Timeout, clock, default, default);

        time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(400); // several ticks of the clock (an eighth of the timeout each)
        Assert.False(activity.Token.IsCancellationRequested);

        activity.ResetTimeout();
        time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(400);
        Assert.False(activity.Token.IsCancellationRequested);

        time.Advance(TimeSpan.FromMilliseconds(200));
        await WaitForAsync(activity.Token);
        Assert.True(activity.TimedOut);
        Assert.False(activity.CancelledByCaller);
    }

    [Fact]
    public async Task Each_forward_keeps_its_own_timeout_and_a_finished_one_is_no_longer_watched()
    {
        var time = new ManualTimeProvider();
        using var clock = new ActivityClock(time);
        using var quick = new ActivityCancellation(TimeSpan.FromMilliseconds(200), clock, default, default);
        using var slow = new ActivityCancellation(TimeSpan.FromSeconds(10), clock, default, default);
        var finished = new ActivityCancellation(TimeSpan.FromMilliseconds(200), clock, default, default);
        finished.Dispose();

        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(quick.Token);
        await Task.Delay(200);
        Assert.False(slow.Token.IsCancellationRequested);
        Assert.False(finished.TimedOut);
    }

    [Fact]
    public async Task The_client_leaving_is_told_apart_from_a_timeout()
    {
        var time = new ManualTimeProvider();
        using var clock = new ActivityClock(time);
        using var aborted = new CancellationTokenSource();
        using var activity = new ActivityCancellation(Timeout, clock, aborted.Token, aborted.Token);

        await aborted.CancelAsync();

        Assert.True(activity.Token.IsCancellationRequested);
        Assert.True(activity.CancelledByCaller);
        Assert.False(activity.TimedOut);
    }

    [Fact]
    public async Task A_timeout_runs_the_abort_once_and_a_token_asked_for_afterwards_is_already_cancelled()
    {
        var time = new ManualTimeProvider();
        using var clock = new ActivityClock(time);
        using var activity = new ActivityCancellation(Timeout, clock, default, default);
        var aborts = 0;
        activity.SetAbort(_ => Interlocked.Increment(ref aborts), this);

        time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => activity.IsCancellationRequested, "the timeout"); // without asking for a token

        Assert.True(activity.TimedOut);
        Assert.Equal(1, Volatile.Read(ref aborts));
        Assert.True(activity.Token.IsCancellationRequested);
        Assert.False(activity.ClearAbort()); // what the abort closed must not be used again
    }

    [Fact]
    public async Task A_cleared_abort_never_runs_and_one_set_after_cancellation_runs_at_once()
    {
        using var caller = new CancellationTokenSource();
        using var activity = new ActivityCancellation(System.Threading.Timeout.InfiniteTimeSpan, null, default, caller.Token);
        var cleared = 0;
        activity.SetAbort(_ => cleared++, this);
        Assert.True(activity.ClearAbort());

        await caller.CancelAsync();
        Assert.Equal(0, cleared);
        Assert.True(activity.CancelledByCaller);

        var late = 0;
        activity.SetAbort(_ => late++, this);
        Assert.Equal(1, late);
    }

    private static async Task WaitForAsync(CancellationToken token)
    {
        for (var i = 0; i < 100 && !token.IsCancellationRequested; i++)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        Assert.True(token.IsCancellationRequested);
    }
}
