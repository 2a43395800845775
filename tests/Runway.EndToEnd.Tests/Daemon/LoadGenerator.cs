using System.Collections.Concurrent;
using System.Net;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>A bounded load on one URL: a few concurrent clients sending GETs back to back until stopped or until the
/// request or time limit. Every request is counted, and every failure (an exception or a status other than 200) kept.</summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _bodies = new(StringComparer.Ordinal);
    private readonly int _maxRequests;
    private int _sent;
    private int _succeeded;

    private LoadGenerator(Uri url, string? host, int concurrency, int maxRequests, TimeSpan maxDuration)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(30) };
        _maxRequests = maxRequests;
        _stop = new CancellationTokenSource(maxDuration);
        _workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(url, host))).ToArray();
    }

    public static LoadGenerator Start(string url, string? host = null, int concurrency = 6, int maxRequests = 200_000, TimeSpan? maxDuration = null) =>
        new(new Uri(url), host, concurrency, maxRequests, maxDuration ?? TimeSpan.FromMinutes(3));

    public int Sent => Volatile.Read(ref _sent);

    public int Succeeded => Volatile.Read(ref _succeeded);

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>How many successful responses had each body.</summary>
    public int Count(string body) => _bodies.GetValueOrDefault(body);

    private async Task WorkAsync(Uri url, string? host)
    {
        while (!_stop.IsCancellationRequested)
        {
            if (Interlocked.Increment(ref _sent) > _maxRequests)
            {
                Interlocked.Decrement(ref _sent); // the increment that found the limit sent nothing
                return;
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (host is not null)
                {
                    request.Headers.Host = host;
                }

                using var response = await _client.SendAsync(request, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _succeeded);
                    _bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
                else
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {body}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                Interlocked.Decrement(ref _sent); // stopped mid-request: not counted either way
                return;
            }
            catch (HttpRequestException e)
            {
                _failures.Enqueue(e.Message);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked every 50 ms) or the load ends by its limits.</summary>
    public async Task<bool> WaitUntilAsync(Func<LoadGenerator, bool> condition)
    {
        while (!condition(this))
        {
            if (_workers.All(w => w.IsCompleted))
            {
                return condition(this);
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Stops the load and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public override string ToString() =>
        $"{Sent} requests, {Succeeded} succeeded, {Failures.Count} failed{(Failures.Count == 0 ? "" : ": " + string.Join("; ", Failures.Take(5)))}";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
