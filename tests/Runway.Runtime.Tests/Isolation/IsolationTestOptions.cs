using Runway.Runtime.Isolation;
using Runway.Runtime.Tests.Support;

namespace Runway.Runtime.Tests.Isolation;

internal static class IsolationTestOptions
{
    /// <summary><see cref="Specs.FastOptions"/> with isolation on.</summary>
    public static SupervisorOptions Isolated { get; } = new()
    {
        InitialBackoff = Specs.FastOptions.InitialBackoff,
        MaxBackoff = Specs.FastOptions.MaxBackoff,
        StartProbeInterval = Specs.FastOptions.StartProbeInterval,
        DefaultStopGracePeriod = Specs.FastOptions.DefaultStopGracePeriod,
        LeftoverGracePeriod = Specs.FastOptions.LeftoverGracePeriod,
        KillWait = Specs.FastOptions.KillWait,
        StopPollInterval = Specs.FastOptions.StopPollInterval,
        Isolation = IsolationMode.WhenRoot,
    };
}
