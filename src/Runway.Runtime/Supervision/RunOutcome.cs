using System.Globalization;
using Runway.Runtime.Isolation;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Supervision;

internal enum RunEnd
{
    /// <summary>The main process ended by itself.</summary>
    Exited,

    /// <summary>The instance did not pass its health check within the start timeout.</summary>
    StartTimedOut,

    /// <summary>The instance failed its liveness check too many times in a row.</summary>
    Unhealthy,

    /// <summary>The process could not be started at all.</summary>
    LaunchFailed,
}

/// <summary>How one run of an instance ended.</summary>
internal sealed record RunOutcome(RunEnd End, int? ExitCode, string Reason)
{
    public bool IsCleanExit => End == RunEnd.Exited && ExitCode == 0;

    /// <summary>The kernel killed a process of the run for exceeding the instance's memory limit.</summary>
    public bool OutOfMemory { get; init; }

    /// <summary>This outcome, explained by the memory limit: the main process killed by SIGKILL is "killed: exceeded its
    /// memory limit"; any other end says that a process of it was killed for that.</summary>
    public RunOutcome WithMemoryLimitKill(long limitBytes)
    {
        var limit = MemorySizes.Format(limitBytes);
        return this with
        {
            OutOfMemory = true,
            Reason = ExitCode == 128 + LibC.SIGKILL
                ? $"killed: exceeded its memory limit of {limit}"
                : $"{Reason}; a process of it was killed for exceeding the memory limit of {limit}",
        };
    }

    public static RunOutcome Exited(int exitCode) => new(RunEnd.Exited, exitCode, DescribeExit(exitCode));

    /// <summary>Exit code 128 + n is how .NET (and shells) report death by signal n.</summary>
    public static string DescribeExit(int exitCode) => exitCode switch
    {
        > 128 and <= 128 + 64 => string.Create(CultureInfo.InvariantCulture, $"killed by signal {exitCode - 128}{SignalName(exitCode - 128)} (exit code {exitCode})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}"),
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => " SIGHUP",
        2 => " SIGINT",
        6 => " SIGABRT",
        9 => " SIGKILL",
        11 => " SIGSEGV",
        13 => " SIGPIPE",
        15 => " SIGTERM",
        _ => "",
    };
}
