using Runway.Runtime.Processes;

namespace Runway.Runtime.Supervision;

internal enum TerminationResult
{
    /// <summary>Nothing of the group was running any more.</summary>
    AlreadyGone,

    /// <summary>Every process ended within the grace period after SIGTERM.</summary>
    EndedAfterTerm,

    /// <summary>Processes outlived the grace period and were killed with SIGKILL.</summary>
    Killed,

    /// <summary>Processes were still there after SIGKILL and the kill wait (for example stuck in the kernel).</summary>
    StillRunning,
}

/// <summary>Graceful stop of an instance's process group: SIGTERM to the group, the grace period, then SIGKILL.</summary>
internal static class ProcessTerminator
{
    public static async Task<TerminationResult> TerminateAsync(
        IInstanceProcess process, TimeSpan grace, SupervisorOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!process.HasLiveProcesses)
        {
            return TerminationResult.AlreadyGone;
        }

        if (grace > TimeSpan.Zero)
        {
            process.SignalGroup(LibC.SIGTERM);
            if (await WaitUntilGoneAsync(process, grace, options.StopPollInterval, timeProvider, cancellationToken))
            {
                return TerminationResult.EndedAfterTerm;
            }
        }

        process.SignalGroup(LibC.SIGKILL);
        return await WaitUntilGoneAsync(process, options.KillWait, options.StopPollInterval, timeProvider, cancellationToken)
            ? TerminationResult.Killed
            : TerminationResult.StillRunning;
    }

    private static async Task<bool> WaitUntilGoneAsync(
        IInstanceProcess process, TimeSpan limit, TimeSpan poll, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + limit;
        while (process.HasLiveProcesses)
        {
            var left = deadline - timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(left < poll ? left : poll, timeProvider, cancellationToken);
        }

        return true;
    }
}
