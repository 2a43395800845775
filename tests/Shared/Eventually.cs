namespace Runway.Tests.Shared;

/// <summary>Waits in tests for something that happens in the background.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> in real time until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Moves manual time forward in steps until <paramref name="condition"/> holds, letting background loops run between steps.</summary>
    public static async Task AdvanceUntilAsync(ManualClock time, TimeSpan step, Func<bool> condition, string what, TimeSpan? maxFakeTime = null)
    {
        var limit = maxFakeTime ?? TimeSpan.FromMinutes(10);
        var moved = TimeSpan.Zero;
        var realDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (moved > limit || DateTime.UtcNow > realDeadline)
            {
                Assert.Fail($"timed out waiting for: {what} (moved the clock {moved})");
            }

            time.Advance(step);
            moved += step;
            await Task.Delay(5);
        }
    }
}
