using Runway.Model;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Health;

/// <summary>Picks the probe: the HTTP path when one is set and the instance has a port, a TCP connect for web
/// services without a path, process-alive otherwise. Owns the HTTP handler the probes share.</summary>
internal sealed class HealthProbeFactory : IHealthProbeFactory, IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly HttpMessageInvoker _invoker;

    public HealthProbeFactory(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        });
    }

    public IHealthProbe Create(InstanceSpec spec, IInstanceProcess process) => spec switch
    {
        { Port: { } port, Health.Path: { Length: > 0 } path } => new HttpHealthProbe(_invoker, port, path, _timeProvider),
        { Port: { } port, Kind: ServiceKind.Web } => new TcpPortProbe(port, _timeProvider),
        _ => new ProcessAliveProbe(process),
    };

    public void Dispose() => _invoker.Dispose();
}
