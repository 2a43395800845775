using System.Text;
using System.Text.Json;

namespace Runway.Server.Backups;

/// <summary>What an alert webhook receives, as JSON: <c>{"app", "addon", "kind", "message", "time"}</c>.</summary>
public sealed record BackupAlert(string App, string Addon, string Kind, string Message, DateTimeOffset Time);

/// <summary>POSTs backup alerts to the URL an add-on names (<c>alert_webhook</c>), best effort: each POST runs on its own,
/// a failing one is written to the alert log (with the URL's scheme and host only, since webhook URLs often carry a
/// token) and never reaches the backup that raised the alert.</summary>
internal sealed class BackupWebhook : IAsyncDisposable
{
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _client;
    private readonly TextWriter _log;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];

    public BackupWebhook(TextWriter log, TimeSpan timeout)
    {
        _log = log;
        _timeout = timeout;
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, AllowAutoRedirect = false }) { Timeout = timeout };
    }

    /// <summary>Starts the POST and returns at once; <see cref="DisposeAsync"/> waits for the ones still running.</summary>
    public void Post(string url, BackupAlert alert)
    {
        var sending = SendAsync(url, alert);
        lock (_gate)
        {
            _pending.Add(sending);
        }

        _ = sending.ContinueWith(done =>
        {
            lock (_gate)
            {
                _pending.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SendAsync(string url, BackupAlert alert)
    {
        await Task.Yield(); // the caller is a backup: it goes on while this runs
        var where = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(invalid URL)";
        try
        {
            // A body of known length (Content-Length, not chunked): some webhook receivers take nothing else.
            using var body = new StringContent(JsonSerializer.Serialize(alert, _json), Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(url, body, _stop.Token);
            if (!response.IsSuccessStatusCode)
            {
                _log.WriteLine($"runway: alert webhook {where} for {alert.App}/{alert.Addon} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, an alert that could not be delivered is logged and goes no further.
            var reason = e is OperationCanceledException && !_stop.IsCancellationRequested ? $"no answer within {_timeout.TotalSeconds:0} s" : e.Message;
            _log.WriteLine($"runway: alert webhook {where} for {alert.App}/{alert.Addon} failed: {reason}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(_timeout);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(pending);
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
