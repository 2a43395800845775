using System.Net;

namespace Runway.Edge.Forwarding;

/// <summary>The upstream request's body: copies the client's request body to the upstream connection as it is read.
/// Nothing is read before the handler asks for the body, so <c>Expect: 100-continue</c> keeps working end to end
/// (the upstream decides whether the client sends its body).</summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly Stream _source;
    private readonly ActivityCancellation _activity;
    private readonly TaskCompletionSource<(StreamCopyResult Result, Exception? Error)> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _started;

    public StreamingRequestContent(Stream source, ActivityCancellation activity)
    {
        _source = source;
        _activity = activity;
    }

    /// <summary>True once the handler began sending the body: a retry on another instance is no longer safe.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    public bool InProgress => Started && !_completion.Task.IsCompleted;

    /// <summary>Completes with the copy's outcome once the body has been sent or failed.</summary>
    public Task<(StreamCopyResult Result, Exception? Error)> Completion => _completion.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            // The body stream can be read only once; the handler must not resend it.
            throw new InvalidOperationException("The request body was already sent.");
        }

        // Send the request headers now instead of with the first body chunk.
        try
        {
            await stream.FlushAsync(_activity.Token);
        }
        catch (Exception ex)
        {
            _completion.TrySetResult((ex is OperationCanceledException ? StreamCopyResult.Canceled : StreamCopyResult.OutputError, ex));
            throw;
        }

        var (result, error) = await StreamCopier.CopyAsync(_source, stream, _activity);
        _completion.TrySetResult((result, error));
        switch (result)
        {
            case StreamCopyResult.InputError:
                // The handler must learn the body is incomplete, or it would end the upstream request as if it were whole.
                throw new IOException("Reading the request body from the client failed.", error);
            case StreamCopyResult.OutputError:
                throw new IOException("Sending the request body to the upstream failed.", error);
            case StreamCopyResult.Canceled:
                throw new OperationCanceledException("Sending the request body was cancelled.", error);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown here; a Content-Length copied from the client goes into Headers and takes precedence.
        length = -1;
        return false;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        throw new NotSupportedException("The forwarded request body can only be sent, not read back.");
}
