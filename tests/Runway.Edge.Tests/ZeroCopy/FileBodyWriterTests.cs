using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Runway.Edge.Tests.StaticFiles;
using Runway.Edge.ZeroCopy;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.ZeroCopy;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the sockets and directory through IAsyncLifetime.")]
/// <summary>The writer between the HTTP layer and a real socket, with a transport loop that, like Kestrel's, sends
/// everything it was given before a flush completes.</summary>
public sealed class FileBodyWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly Pipe _transport = new(new PipeOptions(pauseWriterThreshold: 2, resumeWriterThreshold: 1, useSynchronizationContext: false));
    private Socket _server = null!;
    private Socket _client = null!;
    private Task _sendLoop = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await _client.ConnectAsync(listener.LocalEndPoint!);
        _server = await listener.AcceptAsync();
        _sendLoop = SendLoopAsync();
    }

    public async Task DisposeAsync()
    {
        await _transport.Writer.CompleteAsync();
        await _sendLoop;
        _server.Dispose();
        _client.Dispose();
        _directory.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = _transport.Reader;
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await _server.SendAsync(segment);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                _server.Shutdown(SocketShutdown.Send);
                await reader.CompleteAsync();
                return;
            }
        }
    }

    private (string Path, byte[] Bytes) WriteFile(int length)
    {
        var bytes = CompressionTests.RandomBytes(length, seed: 7);
        var path = System.IO.Path.Combine(_directory.Path, "file.bin");
        File.WriteAllBytes(path, bytes);
        return (path, bytes);
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle Open(string path) => File.OpenHandle(path, options: FileOptions.Asynchronous);

    private static void WriteText(PipeWriter writer, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    private static void AdvancePlaceholders(PipeWriter writer, long count, int chunk)
    {
        while (count > 0)
        {
            var part = (int)Math.Min(chunk, count);
            Assert.True(writer.GetMemory(part).Length >= part);
            writer.Advance(part);
            count -= part;
        }
    }

    private async Task<byte[]> ReceiveAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await _client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    [Fact]
    public async Task The_file_goes_out_between_the_bytes_written_before_and_after_it()
    {
        var (path, bytes) = WriteFile(300_000);
        using var handle = Open(path);
        var writer = new FileBodyWriter(_transport.Writer, _server);

        WriteText(writer, "HEAD|");
        Assert.True(writer.TryBegin(handle, 5, 250_000));
        AdvancePlaceholders(writer, 100_000, 30_000);
        await writer.FlushAsync();
        AdvancePlaceholders(writer, 150_000, 64 * 1024);
        await writer.FlushAsync();
        WriteText(writer, "|TAIL");
        await writer.FlushAsync();
        await writer.CompleteAsync();

        var expected = Encoding.ASCII.GetBytes("HEAD|").Concat(bytes.AsSpan(5, 250_000).ToArray()).Concat(Encoding.ASCII.GetBytes("|TAIL"));
        Assert.Equal(expected, await ReceiveAllAsync());
    }

    [Fact]
    public void Nothing_may_be_written_after_a_file_body_before_it_is_flushed()
    {
        var (path, _) = WriteFile(10_000);
        using var handle = Open(path);
        var writer = new FileBodyWriter(_transport.Writer, _server);

        Assert.True(writer.TryBegin(handle, 0, 10_000));
        Assert.False(writer.TryBegin(handle, 0, 10_000));
        AdvancePlaceholders(writer, 10_000, 4096);

        Assert.Throws<InvalidOperationException>(() => writer.GetMemory(10));
        Assert.Throws<InvalidOperationException>(() => writer.Advance(1));
    }

    [Fact]
    public void More_placeholder_bytes_than_the_file_body_has_are_refused()
    {
        var (path, _) = WriteFile(10_000);
        using var handle = Open(path);
        var writer = new FileBodyWriter(_transport.Writer, _server);

        Assert.True(writer.TryBegin(handle, 0, 100));
        writer.GetMemory(200);
        Assert.Throws<InvalidOperationException>(() => writer.Advance(200));
    }

    [Fact]
    public async Task A_file_shorter_than_announced_fails_the_flush_instead_of_ending_early()
    {
        var (path, _) = WriteFile(10_000);
        using var handle = Open(path);
        var writer = new FileBodyWriter(_transport.Writer, _server);

        Assert.True(writer.TryBegin(handle, 0, 20_000));
        AdvancePlaceholders(writer, 20_000, 8192);

        await Assert.ThrowsAsync<IOException>(async () => await writer.FlushAsync());
        // The failed body is over: the writer passes ordinary bytes on again.
        WriteText(writer, "x");
    }
}
