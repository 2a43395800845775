using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Runway.Build;
using Runway.Runtime.Processes;
using Runway.Server.Api;
using Runway.Server.Daemon;
using Runway.Server.Progress;

namespace Runway.Cli.Client;

/// <summary>The CLI's side of the daemon's API: finds the daemon through $RUNWAY_HOME/daemon, sends the token, and turns
/// progress streams back into terminal output.</summary>
internal sealed class DaemonClient : IDisposable
{
    private readonly HttpClient _http;

    private DaemonClient(HttpClient http) => _http = http;

    /// <returns>The client, or null when no daemon runs for this home (the reason is reported).</returns>
    public static DaemonClient? Connect(RunwayHome home, IProgressReporter progress)
    {
        var files = new DaemonFiles(home);
        var address = files.ReadAddress();
        var token = files.ReadToken();
        if (address is null || token is null || !ProcStat.IsAlive(address.ProcessId))
        {
            progress.Error($"no runway daemon runs for {home.Path}; start one with `runway serve` (or `runway install-service`)");
            return null;
        }

        var http = new HttpClient { BaseAddress = new Uri(address.Api), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new DaemonClient(http);
    }

    public async Task<StatusReport?> StatusAsync(string? app, CancellationToken cancellationToken)
    {
        var path = app is null ? "/v1/status" : $"/v1/status?app={Uri.EscapeDataString(app)}";
        return await _http.GetFromJsonAsync<StatusReport>(path, ProgressMessage.Json, cancellationToken);
    }

    /// <returns>The app's add-ons, or null when the app is not running.</returns>
    public async Task<IReadOnlyList<AddonReport>?> AddonsAsync(string app, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/v1/apps/{Uri.EscapeDataString(app)}/addons", cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? await response.Content.ReadFromJsonAsync<List<AddonReport>>(ProgressMessage.Json, cancellationToken)
            : null;
    }

    public async Task<IReadOnlyList<Runway.Addons.Backups.BackupMetadata>> BackupsAsync(string app, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<List<Runway.Addons.Backups.BackupMetadata>>($"/v1/apps/{Uri.EscapeDataString(app)}/backups", ProgressMessage.Json, cancellationToken) ?? [];

    /// <summary>Sends an operation and shows its progress as it comes.</summary>
    /// <returns>0 when the daemon reports success, 1 otherwise.</returns>
    public async Task<int> RunAsync(HttpMethod method, string path, object? body, IProgressReporter progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: ProgressMessage.Json) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            progress.Error($"the daemon refused: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
            return 1;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var message = JsonSerializer.Deserialize<ProgressMessage>(line, ProgressMessage.Json);
            switch (message?.Kind)
            {
                case "step": progress.Step(message.Text); break;
                case "warning": progress.Warning(message.Text); break;
                case "error": progress.Error(message.Text); break;
                case "line": progress.Line(message.Source ?? "", message.Text); break;
                case "detail": progress.Detail(message.Text); break;
                case ProgressMessage.ResultKind: return message.Ok == true ? 0 : 1;
            }
        }

        progress.Error("the daemon closed the connection before the operation ended; `runway status` shows where it is");
        return 1;
    }

    /// <summary>Copies the app's log to <paramref name="output"/>; with <paramref name="follow"/>, until cancelled.</summary>
    public async Task<int> LogsAsync(string app, string? service, int lines, bool follow, TextWriter output, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var query = $"/v1/apps/{Uri.EscapeDataString(app)}/logs?lines={lines}&follow={(follow ? "true" : "false")}" + (service is null ? "" : $"&service={Uri.EscapeDataString(service)}");
        using var response = await _http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            progress.Error((await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
            return 1;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                await output.WriteLineAsync(line);
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    public void Dispose() => _http.Dispose();
}
