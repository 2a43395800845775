using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Runway.Edge.ZeroCopy;

/// <summary>The connection's output as the HTTP layer sees it: passes every write through to the transport, except the
/// placeholder bytes of a file body (<see cref="IFileBodyFeature"/>), which it swallows and replaces, at the next flush,
/// with the file itself sent by sendfile(2).</summary>
/// <remarks>The byte stream stays in order because the transport sends all it was given before a flush completes
/// (<see cref="Hosting.EdgeTransport"/> keeps its write buffer at two bytes), so the socket is idle when the file goes out,
/// and because nothing may follow a file body in the same flush: a write after it throws, which makes Kestrel close the
/// connection rather than send bytes out of order.</remarks>
internal sealed class FileBodyWriter(PipeWriter transport, Socket socket) : PipeWriter, IFileBodyFeature
{
    private const int PlaceholderBufferSize = 64 * 1024;

    private SafeFileHandle? _file;
    private long _fileOffset;
    private long _placeholdersExpected;
    private long _placeholdersAdvanced;
    private byte[]? _placeholderBuffer;

    public bool TryBegin(SafeFileHandle handle, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (_file is not null)
        {
            return false;
        }

        _file = handle;
        _fileOffset = offset;
        _placeholdersExpected = count;
        _placeholdersAdvanced = 0;
        return true;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_placeholdersExpected == 0)
        {
            ThrowIfFileUnsent();
            return transport.GetMemory(sizeHint);
        }

        // Placeholder bytes are never read: one scratch buffer serves every chunk of them.
        _placeholderBuffer ??= ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, PlaceholderBufferSize));
        if (_placeholderBuffer.Length < sizeHint)
        {
            ArrayPool<byte>.Shared.Return(_placeholderBuffer);
            _placeholderBuffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        return _placeholderBuffer;
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (_placeholdersExpected == 0)
        {
            ThrowIfFileUnsent();
            transport.Advance(bytes);
            return;
        }

        if (bytes > _placeholdersExpected)
        {
            throw new InvalidOperationException($"{bytes} bytes were written where {_placeholdersExpected} bytes of a file body were expected.");
        }

        _placeholdersExpected -= bytes;
        _placeholdersAdvanced += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _placeholdersAdvanced == 0 ? transport.FlushAsync(cancellationToken) : FlushWithFileAsync(cancellationToken);

    private async ValueTask<FlushResult> FlushWithFileAsync(CancellationToken cancellationToken)
    {
        // What precedes the file (the response head) must be on the socket before the file follows it. Corked, the
        // head waits in the kernel and leaves in the same segments as the file's first bytes, as nginx sends it.
        var corked = TcpCork.TrySet(socket, true);
        var count = _placeholdersAdvanced;
        try
        {
            var flushed = await transport.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                EndFile();
                return flushed;
            }

            await SocketFileSender.SendAsync(socket, _file!, _fileOffset, count);
        }
        catch
        {
            EndFile();
            throw;
        }
        finally
        {
            if (corked)
            {
                TcpCork.TrySet(socket, false);
            }
        }

        _fileOffset += count;
        _placeholdersAdvanced = 0;
        if (_placeholdersExpected == 0)
        {
            EndFile();
        }

        return default;
    }

    private void ThrowIfFileUnsent()
    {
        if (_placeholdersAdvanced > 0)
        {
            throw new InvalidOperationException("A file body must be flushed before anything else is written to the connection.");
        }
    }

    private void EndFile()
    {
        _file = null;
        _placeholdersExpected = 0;
        _placeholdersAdvanced = 0;
        if (_placeholderBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_placeholderBuffer);
            _placeholderBuffer = null;
        }
    }

    public override void CancelPendingFlush() => transport.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        EndFile();
        transport.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        EndFile();
        return transport.CompleteAsync(exception);
    }

    public override bool CanGetUnflushedBytes => transport.CanGetUnflushedBytes;

    public override long UnflushedBytes => transport.UnflushedBytes + _placeholdersAdvanced;
}
