namespace Runway.Edge.Telemetry;

/// <summary>One append-only file per app, <c>APP-access.log</c>, opened on the app's first request and written through a
/// 64 KB buffer that the access log loop flushes after each batch.</summary>
internal sealed class AccessLogFiles(string directory) : AccessLogSink
{
    /// <summary>The file of requests that reached no app (an unknown host).</summary>
    internal const string EdgeFileName = "edge-access.log";

    private const int BufferSize = 64 * 1024;
    private readonly Dictionary<string, StreamWriter> _writers = new(StringComparer.Ordinal);

    /// <summary>The file an app's lines go to; names that could leave the directory go to the edge's own file.</summary>
    internal static string FileNameFor(string app) =>
        app.Length == 0 || app.StartsWith('.') || app.AsSpan().IndexOfAny('/', '\\', '\0') >= 0 ? EdgeFileName : app + "-access.log";

    internal override TextWriter WriterFor(string app)
    {
        if (!_writers.TryGetValue(app, out var writer))
        {
            Directory.CreateDirectory(directory);
            var file = new FileStream(Path.Combine(directory, FileNameFor(app)), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, BufferSize);
            writer = new StreamWriter(file, bufferSize: BufferSize);
            _writers[app] = writer;
        }

        return writer;
    }

    internal override async Task FlushAsync()
    {
        foreach (var writer in _writers.Values)
        {
            await writer.FlushAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers.Values)
        {
            await writer.DisposeAsync();
        }

        _writers.Clear();
    }
}
