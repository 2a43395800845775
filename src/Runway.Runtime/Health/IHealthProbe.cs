namespace Runway.Runtime.Health;

/// <summary>The result of one probe: passed or not, and in words what was seen.</summary>
internal readonly record struct ProbeResult(bool Healthy, string Detail)
{
    public static ProbeResult Pass(string detail) => new(true, detail);

    public static ProbeResult Fail(string detail) => new(false, detail);
}

/// <summary>One way of asking whether an instance works.</summary>
internal interface IHealthProbe
{
    /// <summary>What is checked, for messages (<c>GET /health on port 4312</c>).</summary>
    string Description { get; }

    /// <summary>Probes once. Not answering within <paramref name="timeout"/> is a failure;
    /// cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>.</summary>
    Task<ProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Chooses the probe for an instance.</summary>
internal interface IHealthProbeFactory
{
    IHealthProbe Create(InstanceSpec spec, Processes.IInstanceProcess process);
}
