using System.Net;

namespace Runway.Edge.Forwarding;

/// <summary>Carries content headers (Content-Type, Content-Length: 0, ...) of a request that has no body,
/// without making the handler send <c>Transfer-Encoding: chunked</c>.</summary>
internal sealed class EmptyRequestContent : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Task.CompletedTask;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(Stream.Null);
}
