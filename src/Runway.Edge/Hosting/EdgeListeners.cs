using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Runway.Edge.Telemetry;
using Runway.Edge.ZeroCopy;

namespace Runway.Edge.Hosting;

/// <summary>Which of the edge's listeners a connection came in on.</summary>
internal enum ListenerKind
{
    Http,
    Https,
    Admin,
}

/// <summary>Binds the edge's listeners on loopback and tags every connection with the listener it came in on, so a request on an
/// app listener can never reach the admin endpoint, whatever its host. App connections are counted for the metrics.</summary>
internal sealed class EdgeListeners(EdgeMetrics metrics)
{
    private const string KindKey = "runway.edge.listener";
    private readonly Dictionary<ListenerKind, ListenOptions> _bound = [];

    public void Listen(KestrelServerOptions kestrel, ListenerKind kind, int port, X509Certificate2? certificate = null)
    {
        kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Use(next => async connection =>
            {
                connection.Items[KindKey] = kind;
                if (kind == ListenerKind.Http)
                {
                    FileBodyConnection.Install(connection);
                }

                if (kind == ListenerKind.Admin)
                {
                    await next(connection);
                    return;
                }

                metrics.ConnectionOpened();
                try
                {
                    await next(connection);
                }
                finally
                {
                    metrics.ConnectionClosed();
                }
            });
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }

            _bound[kind] = listen;
        });
    }

    /// <summary>The port the OS gave the listener (Kestrel writes the bound end point back once listening).</summary>
    public int? BoundPort(ListenerKind kind) => _bound.TryGetValue(kind, out var listen) ? listen.IPEndPoint?.Port : null;

    public static ListenerKind KindOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(KindKey, out var kind) == true && kind is ListenerKind known
            ? known
            : ListenerKind.Http;
}
