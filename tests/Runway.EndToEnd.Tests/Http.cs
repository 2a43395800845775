using System.Net;
using System.Text.Json;

namespace Runway.EndToEnd.Tests;

/// <summary>Small HTTP helpers for polling an app on loopback.</summary>
internal static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        using var response = await Client.GetAsync(new Uri(url));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET with an explicit Host header (how a browser asks for <c>app.localhost</c> or a custom domain).</summary>
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetWithHostAsync(string url, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        request.Headers.Host = host;
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static async Task<HttpResponseMessage> SendAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> GetJsonAsync(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {(int)status}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="check"/> returns true for a response (connection errors count as not yet).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var result = await attempt();
                if (result is not null)
                {
                    return result;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last error: {last?.Message}");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
