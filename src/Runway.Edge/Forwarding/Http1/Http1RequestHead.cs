using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>Writes the upstream request's head in HTTP/1.1 wire format: the request line, Host, the client's end-to-end
/// headers (the same ones <see cref="UpstreamRequestFactory"/> passes on) and X-Forwarded-*.</summary>
internal sealed class Http1RequestHead : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(2048);
    private int _length;

    public ReadOnlyMemory<byte> Bytes => _bytes.AsMemory(0, _length);

    public static Http1RequestHead Write(HttpContext context, string target, string host, ForwardedHeaders forwarded)
    {
        var head = new Http1RequestHead();
        var request = context.Request;
        head.Append(request.Method);
        head.Append(" ");
        head.Append(target);
        head.Append(" HTTP/1.1\r\n");
        head.Field(HeaderNames.Host, host);
        var headers = request.Headers;
        var connection = headers.Connection;
        var hasTransferEncoding = headers.TransferEncoding.Count > 0;
        foreach (var (name, value) in headers)
        {
            var kind = RequestHeaderKinds.Of(name);
            // TE never crosses here: "TE: trailers" only means something between HTTP/2 peers.
            if (!UpstreamRequestFactory.PassesOn(name, value, kind, connection, hasTransferEncoding, keepTrailersTe: false))
            {
                continue;
            }

            head.Field(name, value.Count == 1 ? value[0] : string.Join(kind == RequestHeaderKind.Cookie ? "; " : ", ", value.ToArray()));
        }

        head.Field(RequestHeaderKinds.ForwardedFor, forwarded.For);
        head.Field(RequestHeaderKinds.ForwardedProto, forwarded.Proto);
        head.Field(RequestHeaderKinds.ForwardedHost, forwarded.Host);
        head.Append("\r\n");
        return head;
    }

    private void Field(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        Append(name);
        Append(": ");
        Append(value);
        Append("\r\n");
    }

    private void Append(string text)
    {
        var needed = _length + text.Length;
        if (needed > _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length * 2));
            Buffer.BlockCopy(_bytes, 0, larger, 0, _length);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = larger;
        }

        // Kestrel admits only ASCII (or, when configured, Latin-1) in request headers: one byte per character.
        _length += Encoding.Latin1.GetBytes(text, _bytes.AsSpan(_length));
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }
}
