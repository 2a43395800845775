using Runway.Model;
using Runway.Runtime.Variables;

namespace Runway.Runtime.Tests.Support;

internal static class Specs
{
    /// <summary>PATH, HOME and the like from the test process, as the planner would pass them.</summary>
    public static ValueMap Inherited { get; } = InstanceEnvironment.Inherited(new SupervisorOptions().InheritedVariables);

    public static HealthCheckSpec FastHealth(string? path = null) => new(path, TimeSpan.FromSeconds(10))
    {
        Interval = TimeSpan.FromMilliseconds(100),
        ProbeTimeout = TimeSpan.FromSeconds(1),
        FailureThreshold = 2,
    };

    public static InstanceSpec Worker(string command, RestartPolicy? restart = null, string? directory = null, string service = "worker", int number = 1) => new(
        new InstanceId(service, number),
        ServiceKind.Worker,
        command,
        directory ?? Path.GetTempPath(),
        Inherited,
        null,
        FastHealth(),
        restart ?? RestartPolicy.Default);

    public static InstanceSpec Web(string command, int port, string? path, string directory, RestartPolicy? restart = null, string service = "web") => new(
        new InstanceId(service, 1),
        ServiceKind.Web,
        command,
        directory,
        Inherited,
        port,
        FastHealth(path),
        restart ?? RestartPolicy.Default);

    /// <summary>Short delays so functional tests with real processes stay fast.</summary>
    public static SupervisorOptions FastOptions { get; } = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        StartProbeInterval = TimeSpan.FromMilliseconds(50),
        DefaultStopGracePeriod = TimeSpan.FromSeconds(3),
        LeftoverGracePeriod = TimeSpan.FromMilliseconds(500),
        KillWait = TimeSpan.FromSeconds(3),
        StopPollInterval = TimeSpan.FromMilliseconds(20),
    };
}
