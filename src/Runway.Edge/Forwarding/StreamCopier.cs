using System.Buffers;

namespace Runway.Edge.Forwarding;

internal enum StreamCopyResult
{
    Success,

    /// <summary>Reading from the source failed.</summary>
    InputError,

    /// <summary>Writing to (or flushing) the destination failed.</summary>
    OutputError,

    /// <summary>The activity token fired (timeout, client gone, caller, or the forwarder stopping the copy).</summary>
    Canceled,
}

/// <summary>Copies a body from one stream to another as data arrives, never buffering the whole body, and reports which
/// side failed instead of throwing.</summary>
internal static class StreamCopier
{
    /// <summary>Which side a copy failed on: cancellation (the activity token, however the stream reports it — often as an
    /// IOException: the cause, not the symptom), else the side that was being read or written.</summary>
    public static (StreamCopyResult Result, Exception? Error) Failure(Exception exception, bool reading, ActivityCancellation activity) =>
        exception is OperationCanceledException || activity.IsCancellationRequested ? (StreamCopyResult.Canceled, exception)
        : (reading ? StreamCopyResult.InputError : StreamCopyResult.OutputError, exception);

    // 64 KiB: large enough that bulk transfers need few system calls, and pooled so it is not allocated per request.
    private const int BufferSize = 64 * 1024;

    public static async ValueTask<(StreamCopyResult Result, Exception? Error)> CopyAsync(Stream input, Stream output, ActivityCancellation activity)
    {
        var cancellationToken = activity.Token;
        byte[]? buffer = null;
        var unflushed = false;
        var reading = true;
        try
        {
            while (true)
            {
                reading = true;

                // Wait for data with a zero-byte read so an idle stream (SSE, WebSocket) holds no pooled buffer.
                var ready = input.ReadAsync(Memory<byte>.Empty, cancellationToken);
                if (!ready.IsCompletedSuccessfully)
                {
                    if (unflushed)
                    {
                        // The source has nothing more right now: push what we wrote to the peer (streaming, SSE).
                        reading = false;
                        await output.FlushAsync(cancellationToken);
                        unflushed = false;
                        reading = true;
                    }

                    if (buffer is not null)
                    {
                        var idle = buffer;
                        buffer = null;
                        ArrayPool<byte>.Shared.Return(idle);
                    }

                    await ready;
                }
                else
                {
                    _ = ready.Result;
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                var pending = input.ReadAsync(buffer, cancellationToken);
                if (!pending.IsCompletedSuccessfully && unflushed)
                {
                    // The source does not support waiting with zero-byte reads; flush before blocking on it instead.
                    reading = false;
                    await output.FlushAsync(cancellationToken);
                    unflushed = false;
                    reading = true;
                }

                var read = await pending;
                activity.ResetTimeout();
                if (read == 0)
                {
                    if (unflushed)
                    {
                        reading = false;
                        await output.FlushAsync(cancellationToken);
                    }

                    return (StreamCopyResult.Success, null);
                }

                reading = false;
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                unflushed = true;
                activity.ResetTimeout();
            }
        }
        catch (Exception ex)
        {
            return Failure(ex, reading, activity);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
