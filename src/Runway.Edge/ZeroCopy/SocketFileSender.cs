using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Runway.Edge.ZeroCopy;

/// <summary>Sends a range of a file on a socket with sendfile(2): the kernel moves the page-cache pages to the socket,
/// and no byte passes through this process. .NET's <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/> does this on
/// Linux, waiting for the socket to drain between partial sends.</summary>
/// <remarks>A send cannot be cancelled half-way without leaving the connection's byte stream undefined; a client that goes
/// away makes the server close the socket, which ends the send with an error.</remarks>
internal static class SocketFileSender
{
    /// <param name="handle">Opened with <see cref="FileOptions.Asynchronous"/>, which .NET requires of a file it sends.</param>
    public static async Task SendAsync(Socket socket, SafeFileHandle handle, long offset, long count)
    {
        // The FileStream only lends the handle to the send: its owner closes it, so the stream is never disposed here
        // (an unbuffered FileStream's finalizer leaves the handle alone).
        var file = new FileStream(handle, FileAccess.Read, bufferSize: 0, isAsync: true);
        while (count > 0)
        {
            var part = (int)Math.Min(count, int.MaxValue);
            var sent = await SendPartAsync(socket, new SendPacketsElement(file, offset, part));
            if (sent != part)
            {
                // Kestrel already announced the full length; ending short makes the connection close instead.
                throw new IOException("The file became shorter while it was being sent.");
            }

            offset += part;
            count -= part;
        }
    }

    private static Task<long> SendPartAsync(Socket socket, SendPacketsElement element)
    {
        var send = new FileSend(element);
        if (!socket.SendPacketsAsync(send))
        {
            send.Finish();
        }

        return send.Task;
    }

    private sealed class FileSend : SocketAsyncEventArgs
    {
        private readonly TaskCompletionSource<long> _done = new();

        public FileSend(SendPacketsElement element) : base(unsafeSuppressExecutionContextFlow: true) =>
            SendPacketsElements = [element];

        public Task<long> Task => _done.Task;

        protected override void OnCompleted(SocketAsyncEventArgs e) => Finish();

        public void Finish()
        {
            var error = SocketError;
            var sent = BytesTransferred;
            Dispose();
            if (error == SocketError.Success)
            {
                _done.TrySetResult(sent);
            }
            else
            {
                _done.TrySetException(new IOException("The file could not be sent to the client.", new SocketException((int)error)));
            }
        }
    }
}
