namespace Runway.Edge.Telemetry;

/// <summary>One append-only file per app, <c>APP-access.log</c>, opened on the app's first request and written through a
/// 64 KB buffer that the access log loop flushes after each batch. A file moved or deleted away (logrotate) is noticed
/// before the next batch, which starts a new file under the name.</summary>
internal sealed class AccessLogFiles(string directory) : AccessLogSink
{
    /// <summary>The file of requests that reached no app (an unknown host).</summary>
    internal const string EdgeFileName = "edge-access.log";

    private const int BufferSize = 64 * 1024;
    private readonly Dictionary<string, OpenFile> _files = new(StringComparer.Ordinal);

    /// <summary>The file an app's lines go to; names that could leave the directory go to the edge's own file.</summary>
    internal static string FileNameFor(string app) =>
        app.Length == 0 || app.StartsWith('.') || app.AsSpan().IndexOfAny('/', '\\', '\0') >= 0 ? EdgeFileName : app + "-access.log";

    internal override async ValueTask WriteLinesAsync(string app, ReadOnlyMemory<byte> utf8Lines)
    {
        if (!_files.TryGetValue(app, out var open))
        {
            open = OpenFile.Append(Path.Combine(directory, FileNameFor(app)));
            _files[app] = open;
        }

        await open.Stream.WriteAsync(utf8Lines);
    }

    /// <summary>Reopens each file whose name no longer leads to what it has written: the name is gone, or it now names a
    /// shorter file (moved away and created anew).</summary>
    internal override async Task BeginBatchAsync()
    {
        foreach (var (app, open) in _files.ToList())
        {
            if (open.WasMovedAway())
            {
                await open.Stream.DisposeAsync();
                _files[app] = OpenFile.Append(open.Path);
            }
        }
    }

    /// <summary>The edge's own file holds many names' lines and is never deleted.</summary>
    internal override async Task ForgetAsync(string app)
    {
        var name = FileNameFor(app);
        if (name == EdgeFileName)
        {
            return;
        }

        if (_files.Remove(app, out var open))
        {
            await open.Stream.DisposeAsync();
        }

        File.Delete(Path.Combine(directory, name));
    }

    internal override async Task FlushAsync()
    {
        foreach (var open in _files.Values)
        {
            await open.Stream.FlushAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var open in _files.Values)
        {
            await open.Stream.DisposeAsync();
        }

        _files.Clear();
    }

    private sealed record OpenFile(string Path, FileStream Stream)
    {
        public static OpenFile Append(string path)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            return new OpenFile(path, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, BufferSize));
        }

        /// <summary>Everything written was flushed at the end of the last batch, so the file under the name is at least as
        /// long as this stream's position unless it is another file.</summary>
        public bool WasMovedAway()
        {
            var named = new FileInfo(Path);
            return !named.Exists || named.Length < Stream.Position;
        }
    }
}
