using System.Text;

namespace Runway.Edge.Telemetry;

/// <summary>Where the edge's access log lines go: one writer for every app (<see cref="To"/>) or a file per app
/// (<see cref="PerAppFiles"/>). Only the edge's access log loop writes to a sink, so it needs no locking.</summary>
public abstract class AccessLogSink : IAsyncDisposable
{
    /// <summary>Every line to <paramref name="writer"/>, which the caller keeps and disposes.</summary>
    public static AccessLogSink To(TextWriter writer) => new SingleWriter(writer);

    /// <summary>Each app's lines appended to <c>DIRECTORY/APP-access.log</c>; requests no app answered go to
    /// <c>edge-access.log</c>. The sink owns these files.</summary>
    public static AccessLogSink PerAppFiles(string directory) => new AccessLogFiles(directory);

    /// <summary>Appends lines of <paramref name="app"/>'s, given as UTF-8 bytes, each ending in a line feed.</summary>
    internal abstract ValueTask WriteLinesAsync(string app, ReadOnlyMemory<byte> utf8Lines);

    /// <summary>Called before each batch of lines is written.</summary>
    internal virtual Task BeginBatchAsync() => Task.CompletedTask;

    internal abstract Task FlushAsync();

    /// <summary>Closes and deletes what holds <paramref name="app"/>'s lines, where the sink keeps them apart.</summary>
    internal virtual Task ForgetAsync(string app) => Task.CompletedTask;

    public abstract ValueTask DisposeAsync();

    private sealed class SingleWriter(TextWriter writer) : AccessLogSink
    {
        internal override async ValueTask WriteLinesAsync(string app, ReadOnlyMemory<byte> utf8Lines)
        {
            while (!utf8Lines.IsEmpty)
            {
                var end = utf8Lines.Span.IndexOf((byte)'\n');
                await writer.WriteLineAsync(Encoding.UTF8.GetString(utf8Lines.Span[..end]));
                utf8Lines = utf8Lines[(end + 1)..];
            }
        }

        internal override Task FlushAsync() => writer.FlushAsync();

        public override ValueTask DisposeAsync() => new(writer.FlushAsync());
    }
}
