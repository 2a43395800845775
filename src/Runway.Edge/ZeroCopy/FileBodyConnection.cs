using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Runway.Edge.ZeroCopy;

/// <summary>Offers <see cref="IFileBodyFeature"/> on a plain-text connection: its output goes through a
/// <see cref="FileBodyWriter"/> that can put file bytes on the socket with sendfile(2).</summary>
internal static class FileBodyConnection
{
    /// <summary>Call before the HTTP layer starts and only on listeners without TLS: behind TLS the bytes written are not
    /// the bytes on the wire.</summary>
    public static void Install(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return;
        }

        var writer = new FileBodyWriter(connection.Transport.Output, socket);
        connection.Transport = new Duplex(connection.Transport.Input, writer);
        connection.Features.Set<IFileBodyFeature>(writer);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
