using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Telemetry;

/// <summary>Writes one JSON line per request to an <see cref="AccessLogSink"/>. A request only queues its entry; one
/// background loop formats and writes what has queued, at most every <see cref="FlushInterval"/>, so a busy edge writes
/// in blocks and wakes the loop a few times a second rather than once per request.</summary>
internal sealed class AccessLog : IAsyncDisposable
{
    /// <summary>How long an entry may wait before it is written out.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<Queued> _entries = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AccessLogSink _sink;
    private readonly TextWriter _errors;
    private readonly Task _writer;

    /// <param name="sink">Owned from now on: disposed once the last entry is written.</param>
    /// <param name="errors">Where a failure to write the log is said (standard error by default).</param>
    public AccessLog(AccessLogSink sink, TextWriter? errors = null)
    {
        _sink = sink;
        _errors = errors ?? Console.Error;
        _writer = Task.Run(WriteEntriesAsync);
    }

    public void Write(in AccessLogEntry entry) => _entries.Writer.TryWrite(new Queued(entry, null));

    /// <summary>Writes out every line queued for <paramref name="app"/> so far, then closes and deletes its log (a destroyed
    /// app leaves no log behind). Completes when that is done, or at once if the log is already shut down.</summary>
    public Task ForgetAsync(string app)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new AccessLogEntry { App = app };
        return _entries.Writer.TryWrite(new Queued(entry, done)) ? done.Task : Task.CompletedTask;
    }

    private async Task WriteEntriesAsync()
    {
        var reader = _entries.Reader;
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer);
        var failing = false;
        while (await reader.WaitToReadAsync())
        {
            await Task.WhenAny(Task.Delay(FlushInterval), reader.Completion);
            try
            {
                await _sink.BeginBatchAsync();
                while (reader.TryRead(out var queued))
                {
                    var entry = queued.Entry;
                    if (queued.Forgotten is { } forgotten)
                    {
                        await ForgetAppAsync(entry.App, forgotten);
                        continue;
                    }

                    buffer.ResetWrittenCount();
                    json.Reset();
                    Format(json, entry);
                    json.Flush();
                    await _sink.WriteLineAsync(entry.App, buffer.WrittenMemory);
                }

                await _sink.FlushAsync();
                failing = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk must not stop the edge or let unwritten lines pile up in memory: this batch is dropped, and
                // the failure is said once until a later batch is written.
                while (reader.TryRead(out var dropped))
                {
                    dropped.Forgotten?.TrySetResult();
                }

                if (!failing)
                {
                    await _errors.WriteLineAsync($"runway: edge: the access log cannot be written ({e.Message}); request lines are dropped until it can");
                }

                failing = true;
            }
        }
    }

    private async Task ForgetAppAsync(string app, TaskCompletionSource forgotten)
    {
        try
        {
            await _sink.ForgetAsync(app);
        }
        finally
        {
            forgotten.TrySetResult();
        }
    }

    /// <summary>One JSON object: start time, app, part, method, host, path, status, duration, bytes, upstream, error, client.</summary>
    internal static void Format(Utf8JsonWriter json, in AccessLogEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("time", entry.StartedAt);
        json.WriteString("app", entry.App);
        json.WriteString("part", entry.Part);
        json.WriteString("method", entry.Method);
        json.WriteString("host", entry.Host);
        json.WriteString("path", entry.Path);
        json.WriteNumber("status", entry.Status);
        json.WriteNumber("durationMs", Math.Round(entry.Elapsed.TotalMilliseconds, 3));
        json.WriteNumber("bytes", entry.Bytes);
        if (entry.Upstream is not null)
        {
            json.WriteString("upstream", entry.Upstream);
        }

        if (entry.UpstreamError != ForwardError.None)
        {
            json.WriteString("upstreamError", entry.UpstreamError.ToString());
        }

        json.WriteString("client", entry.Client?.ToString());
        json.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        _entries.Writer.TryComplete();
        try
        {
            await _writer;
        }
        finally
        {
            await _sink.DisposeAsync();
        }
    }

    /// <summary>A request's entry, or (with <see cref="Forgotten"/>) the request to forget <see cref="AccessLogEntry.App"/>'s log,
    /// in the order they were queued.</summary>
    private readonly record struct Queued(AccessLogEntry Entry, TaskCompletionSource? Forgotten);
}
