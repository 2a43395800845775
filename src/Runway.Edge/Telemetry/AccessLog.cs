using System.Threading.Channels;

namespace Runway.Edge.Telemetry;

/// <summary>Writes access log lines to the host's <see cref="TextWriter"/> from one background loop, so a request only queues its line.</summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TextWriter _sink;
    private readonly Task _writer;

    public AccessLog(TextWriter sink)
    {
        _sink = sink;
        _writer = Task.Run(WriteLinesAsync);
    }

    public void Write(string line) => _lines.Writer.TryWrite(line);

    private async Task WriteLinesAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var line))
            {
                await _sink.WriteLineAsync(line);
            }

            await _sink.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer;
    }
}
