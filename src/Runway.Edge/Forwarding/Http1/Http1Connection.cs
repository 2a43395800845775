using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>One keep-alive TCP connection to an upstream, with the bytes it has received but not yet handed on.</summary>
internal sealed class Http1Connection : IDisposable
{
    /// <summary>Receive buffer; a response head must fit in <see cref="MaxHeadSize"/>.</summary>
    private const int BufferSize = 16 * 1024;

    /// <summary>The largest response head accepted (as SocketsHttpHandler's default MaxResponseHeadersLength).</summary>
    public const int MaxHeadSize = 64 * 1024;

    // The header values of the last response, by field position: an upstream sends most fields (Server, Content-Type, ...) in the
    // same order with the same value from one response to the next, and a repeated one reuses its string, as Kestrel does for
    // request headers.
    private const int RememberedValues = 16;

    private readonly Socket _socket;
    private readonly string?[] _valueNames = new string?[RememberedValues];
    private readonly string?[] _values = new string?[RememberedValues];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;

    private Http1Connection(Socket socket) => _socket = socket;

    /// <summary>Whether a response was already read on this connection (a failure before the next one's first byte may then
    /// just mean the upstream closed it while idle).</summary>
    public bool Reused { get; private set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when it went back to the pool.</summary>
    public long IdleSince { get; set; }

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The positions of the response head last found at the start of <see cref="Buffered"/>.</summary>
    public Http1ResponseHead Head { get; } = new();

    public ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    public static async Task<Http1Connection> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(timeout);
        try
        {
            EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
            await socket.ConnectAsync(endPoint, connect.Token);
            return new Http1Connection(socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new OperationCanceledException($"Connecting to {host}:{port} took longer than {timeout.TotalSeconds:0.###} s.", new TimeoutException());
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connecting to {host}:{port} failed: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>. Takes no cancellation token: <see cref="Abort"/> ends a pending send.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Receives more bytes after those buffered, making room first (within <see cref="MaxHeadSize"/>); the caller passes
    /// the count to <see cref="Received"/>. Not async itself, so waiting costs no allocation of its own. Takes no cancellation
    /// token (a token costs a registration per receive): <see cref="Abort"/> ends a pending receive.</summary>
    /// <returns>How many arrived; 0 when the upstream closed the connection.</returns>
    public ValueTask<int> ReceiveAsync()
    {
        if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        return _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
    }

    /// <summary>Adds <paramref name="count"/> bytes that <see cref="ReceiveAsync"/> delivered to the buffered ones.</summary>
    public void Received(int count) => _end += count;

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length < MaxHeadSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else
        {
            throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"The response head is larger than {MaxHeadSize} bytes.");
        }
    }

    /// <summary>A header value as a string (Latin-1): the same string as last time when field number <paramref name="field"/> of
    /// the previous response on this connection had the same name (one of the shared names of <see cref="Http1HeaderNames"/>) and
    /// the same bytes.</summary>
    public string HeaderValue(int field, string name, ReadOnlySpan<byte> value)
    {
        if (field >= RememberedValues)
        {
            return Encoding.Latin1.GetString(value);
        }

        if (ReferenceEquals(_valueNames[field], name) && _values[field] is { } remembered && Ascii.Equals(value, remembered))
        {
            return remembered;
        }

        var text = Encoding.Latin1.GetString(value);
        _valueNames[field] = name;
        _values[field] = text;
        return text;
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as handed on.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Called when a whole response was read and the connection may carry the next request.</summary>
    public void MarkReusable() => Reused = true;

    /// <summary>Closes the socket, which ends a pending send or receive with an error; safe from any thread, while the owner is
    /// still using the connection (its buffer stays until <see cref="Dispose"/>).</summary>
    public void Abort() => _socket.Dispose();

    public void Dispose()
    {
        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
