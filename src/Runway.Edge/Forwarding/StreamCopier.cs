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
        catch (OperationCanceledException ex)
        {
            return (StreamCopyResult.Canceled, ex);
        }
        catch (Exception ex) when (activity.Token.IsCancellationRequested)
        {
            // Streams often surface cancellation as an IOException; report the cause, not the symptom.
            return (StreamCopyResult.Canceled, ex);
        }
        catch (Exception ex)
        {
            return (reading ? StreamCopyResult.InputError : StreamCopyResult.OutputError, ex);
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
