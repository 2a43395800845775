using Runway.Addons.Tests.Backups;
using Runway.Build;
using Runway.Runtime;
using Runway.Runtime.Isolation;
using Runway.Server.Daemon;
using Runway.Server.Progress;
using Runway.Tests.Shared;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>Drives a daemon's schedule loops on a <see cref="ManualClock"/>: a slot is reached only once every loop waits
/// for it, and is over once every loop waits again (its work done).</summary>
internal sealed class ScheduleDriver(ManualClock clock, int loops, TimeSpan patience)
{
    /// <summary>A daemon in this process on OS-chosen ports, unisolated, whose schedules run on <paramref name="clock"/>
    /// and whose alert lines go to <paramref name="alerts"/>.</summary>
    public static Task<RunwayDaemon> StartDaemonAsync(string home, ManualClock clock, TextWriter alerts) =>
        RunwayDaemon.StartAsync(
            new DaemonOptions(new RunwayHome(home))
            {
                EdgePort = 0,
                AdminPort = 0,
                Supervision = new SupervisorOptions { Isolation = IsolationMode.Off },
                ScheduleTime = clock,
                Alerts = alerts,
            },
            CancellationToken.None);

    public async Task RunSlotAsync(DateTimeOffset slot)
    {
        await WaitForAsync(() => clock.PendingTimers == loops);
        clock.SetTo(slot);
        await WaitForAsync(() => clock.PendingTimers == loops);
    }

    public async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not done within {patience.TotalSeconds} s");
            await Task.Delay(25);
        }
    }
}

/// <summary>Progress of an in-process daemon's operations, written to the test's output.</summary>
internal sealed class TestOutputProgress(ITestOutputHelper output) : IProgressReporter
{
    public void Step(string message) => output.WriteLine("step: " + message);

    public void Warning(string message) => output.WriteLine("warning: " + message);

    public void Error(string message) => output.WriteLine("error: " + message);

    public void Line(string source, string line) => output.WriteLine($"{source} | {line}");

    public void Detail(string text) => output.WriteLine("  " + text);
}
