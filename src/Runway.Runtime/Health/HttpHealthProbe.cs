using System.Globalization;

namespace Runway.Runtime.Health;

/// <summary>GET of the health path on the instance's port; only HTTP 200 passes (Railway healthcheckPath: "returns a 200").</summary>
internal sealed class HttpHealthProbe : IHealthProbe
{
    private readonly HttpMessageInvoker _invoker;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _uri;

    public HttpHealthProbe(HttpMessageInvoker invoker, int port, string path, TimeProvider timeProvider)
    {
        _invoker = invoker;
        _timeProvider = timeProvider;
        var normalizedPath = path.StartsWith('/') ? path : "/" + path;
        _uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{normalizedPath}"));
        Description = $"GET {normalizedPath} on port {port}";
    }

    public string Description { get; }

    public async Task<ProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.ConnectionClose = true; // a fresh connection per probe: never a pooled one to a previous process
        try
        {
            using var response = await _invoker.SendAsync(request, linked.Token);
            var status = (int)response.StatusCode;
            return status == 200
                ? ProbeResult.Pass($"{Description} answered 200")
                : ProbeResult.Fail($"{Description} answered {status}, expected 200");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"{Description} did not answer within {Durations.Format(timeout)}");
        }
        catch (HttpRequestException ex)
        {
            return ProbeResult.Fail($"{Description} failed: {ex.Message}");
        }
    }
}
