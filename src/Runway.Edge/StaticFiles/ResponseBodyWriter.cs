using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;
using Runway.Edge.ZeroCopy;

namespace Runway.Edge.StaticFiles;

/// <summary>Copies file bytes into the response.</summary>
/// <remarks>Kestrel has no sendfile(2) (its transport owns the socket): its SendFileAsync is a copy loop over a
/// FileStream with asynchronous reads, each a thread-pool hop, through an intermediate buffer. Here a file is read with
/// positioned reads (from the page cache for any file served twice) straight into the response pipe's buffers.</remarks>
internal static class ResponseBodyWriter
{
    private const int ChunkSize = 64 * 1024;

    public static async Task CopyAsync(HttpResponse response, SafeFileHandle handle, long offset, long count, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        while (count > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(count, ChunkSize));
            var read = RandomAccess.Read(handle, memory.Span[..(int)Math.Min(memory.Length, count)], offset);
            if (read == 0)
            {
                // The file shrank while being sent; ending early makes Kestrel abort the connection instead of
                // passing off a short body as complete.
                throw new IOException("The file became shorter while it was being sent.");
            }

            writer.Advance(read);
            offset += read;
            count -= read;
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Sends the range with sendfile(2) through <paramref name="fileBody"/>: the body is written as placeholder bytes,
    /// which Kestrel counts against Content-Length, and the connection puts the file's bytes on the wire in their place.</summary>
    public static async Task SendFileAsync(HttpContext context, IFileBodyFeature fileBody, SafeFileHandle handle, long offset, long count)
    {
        var response = context.Response;
        // The response head goes out first, as ordinary bytes; only what follows it is the file.
        await response.StartAsync(context.RequestAborted);
        if (!fileBody.TryBegin(handle, offset, count))
        {
            await CopyAsync(response, handle, offset, count, context.RequestAborted);
            return;
        }

        var writer = response.BodyWriter;
        try
        {
            for (var remaining = count; remaining > 0;)
            {
                var placeholders = (int)Math.Min(writer.GetMemory((int)Math.Min(remaining, ChunkSize)).Length, remaining);
                writer.Advance(placeholders);
                remaining -= placeholders;
            }
        }
        catch
        {
            // The connection would otherwise take the next response's bytes for the rest of this file.
            context.Abort();
            throw;
        }

        await writer.FlushAsync(context.RequestAborted);
    }

    public static async Task CompressAsync(HttpResponse response, SafeFileHandle handle, long length, ContentCoding coding, CompressionLevel level, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(length, 1), ChunkSize));
        try
        {
            await using var compressor = Compressor.Wrap(response.Body, coding, level);
            long offset = 0;
            while (offset < length)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                if (read == 0)
                {
                    throw new IOException("The file became shorter while it was being sent.");
                }

                await compressor.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
