using System.Buffers;
using System.Collections.Concurrent;

namespace Runway.Edge.Telemetry;

/// <summary>Writes one JSON line per request to an <see cref="AccessLogSink"/>. A request formats its line at once into its
/// app's pending block (as nginx fills its log buffer), so nothing of the request outlives it; one background loop hands the
/// blocks to the sink at most every <see cref="FlushInterval"/>. The formatting cost is spread over the requests instead of
/// arriving in bursts that hold a core, and a busy edge writes in blocks and wakes the loop a few times a second.</summary>
internal sealed class AccessLog : IAsyncDisposable
{
    /// <summary>How long a line may wait before it is written out.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>What one app may have waiting; beyond it (a sink far slower than the traffic) lines are dropped, not hoarded.</summary>
    internal const int MaxPendingBytes = 16 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<(string App, TaskCompletionSource Forgotten)> _forgets = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly AccessLogSink _sink;
    private readonly TextWriter _errors;
    private readonly Task _writer;
    private Dictionary<string, ArrayBufferWriter<byte>> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, ArrayBufferWriter<byte>> _writing = new(StringComparer.Ordinal);
    private bool _hasPending;
    private bool _loopWaiting;
    private bool _stopped;

    /// <param name="sink">Owned from now on: disposed once the last line is written.</param>
    /// <param name="errors">Where a failure to write the log is said (standard error by default).</param>
    public AccessLog(AccessLogSink sink, TextWriter? errors = null)
    {
        _sink = sink;
        _errors = errors ?? Console.Error;
        _writer = Task.Run(WriteBlocksAsync);
    }

    public void Write(in AccessLogEntry entry)
    {
        bool wake;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (!_pending.TryGetValue(entry.App, out var block))
            {
                block = new ArrayBufferWriter<byte>(4096);
                _pending[entry.App] = block;
            }

            if (block.WrittenCount >= MaxPendingBytes)
            {
                return;
            }

            AccessLogLine.Write(block, entry);
            _hasPending = true;
            wake = _loopWaiting;
            _loopWaiting = false;
        }

        if (wake)
        {
            _wake.Release();
        }
    }

    /// <summary>Writes out every line written for <paramref name="app"/> so far, then closes and deletes its log (a destroyed
    /// app leaves no log behind). Completes when that is done, or at once if the log is already shut down.</summary>
    public Task ForgetAsync(string app)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped)
            {
                return Task.CompletedTask;
            }

            _forgets.Enqueue((app, done));
            _loopWaiting = false;
        }

        _wake.Release();
        return done.Task;
    }

    private async Task WriteBlocksAsync()
    {
        var failing = false;
        var stopping = false;
        while (!stopping)
        {
            lock (_gate)
            {
                // Sleep until a line or a forget arrives; Write wakes the loop only from here, once.
                _loopWaiting = !_hasPending && _forgets.IsEmpty;
            }

            try
            {
                if (Volatile.Read(ref _loopWaiting))
                {
                    await _wake.WaitAsync(_stopping.Token);
                }

                if (_forgets.IsEmpty)
                {
                    await Task.Delay(FlushInterval, _stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                stopping = true;
            }

            // Forgets seen before the swap: every line written before they were asked for is in the blocks written first.
            var forgets = new List<(string App, TaskCompletionSource Forgotten)>();
            while (_forgets.TryDequeue(out var forget))
            {
                forgets.Add(forget);
            }

            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
                _hasPending = false;
            }

            failing = await WriteOutAsync(failing);
            foreach (var (app, forgotten) in forgets)
            {
                await ForgetAppAsync(app, forgotten);
            }
        }
    }

    /// <summary>Writes the swapped-out blocks; a sink that cannot be written (a full disk) loses them, which is said once until a
    /// later batch is written, so the edge neither stops nor piles lines up in memory.</summary>
    /// <returns>Whether the sink is failing.</returns>
    private async Task<bool> WriteOutAsync(bool failing)
    {
        try
        {
            if (_writing.Values.All(block => block.WrittenCount == 0))
            {
                return failing;
            }

            await _sink.BeginBatchAsync();
            foreach (var (app, block) in _writing)
            {
                if (block.WrittenCount > 0)
                {
                    await _sink.WriteLinesAsync(app, block.WrittenMemory);
                }
            }

            await _sink.FlushAsync();
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!failing)
            {
                await _errors.WriteLineAsync($"runway: edge: the access log cannot be written ({e.Message}); request lines are dropped until it can");
            }

            return true;
        }
        finally
        {
            foreach (var block in _writing.Values)
            {
                block.ResetWrittenCount();
            }
        }
    }

    private async Task ForgetAppAsync(string app, TaskCompletionSource forgotten)
    {
        try
        {
            lock (_gate)
            {
                _pending.Remove(app);
                _writing.Remove(app);
            }

            await _sink.ForgetAsync(app);
        }
        finally
        {
            forgotten.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        await _stopping.CancelAsync();
        try
        {
            await _writer;
        }
        finally
        {
            await _sink.DisposeAsync();
            while (_forgets.TryDequeue(out var forget))
            {
                forget.Forgotten.TrySetResult();
            }

            _wake.Dispose();
            _stopping.Dispose();
        }
    }
}
