using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Runway.Edge.Hosting;
using Runway.Server.Daemon;

namespace Runway.Server.Api;

/// <summary>The daemon's HTTP API on 127.0.0.1, for the CLI. Every request must carry the daemon's token
/// (<c>Authorization: Bearer TOKEN</c>); without it the answer is 401 and nothing happens.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public static async Task<ApiServer> StartAsync(RunwayDaemon daemon, int port, string token, CancellationToken stopping)
    {
        var builder = IsolatedWebApplication.CreateBuilder();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        app.Use(async (context, next) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("missing or wrong token: the CLI reads it from $RUNWAY_HOME/daemon/token\n");
                return;
            }

            await next(context);
        });
        Map(app, daemon, stopping);
        await app.StartAsync(stopping);
        var server = new ApiServer(app);
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    private static void Map(WebApplication app, RunwayDaemon daemon, CancellationToken stopping)
    {
        app.MapGet("/v1/status", async (string? app, CancellationToken cancellationToken) => Results.Json(await StatusBuilder.BuildAsync(daemon, app, cancellationToken), ProgressMessage.Json));
        app.MapPost("/v1/deploy", context => DeployAsync(context, daemon, stopping));
        app.MapPost("/v1/apps/{name}/rollback", (HttpContext context, string name, int? release) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.RollbackAsync(name, release, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/restart", (HttpContext context, string name) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.RestartAsync(name, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/stop", (HttpContext context, string name) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.StopAsync(name, progress, token), stopping));
        app.MapDelete("/v1/apps/{name}", (HttpContext context, string name) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.DestroyAsync(name, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/scale", async Task (HttpContext context, string name) =>
        {
            var counts = await JsonSerializer.DeserializeAsync<Dictionary<string, int>>(context.Request.Body, ProgressMessage.Json, context.RequestAborted);
            if (counts is null || counts.Count == 0 || counts.Values.Any(c => c < 0))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("the body must map services to replica counts of 0 or more: {\"web\": 3}\n");
                return;
            }

            await StreamingProgress.RunAsync(context, (progress, token) => daemon.ScaleAsync(name, counts, progress, token), stopping);
        });
        app.MapGet("/v1/apps/{name}/logs", LogsEndpoint.HandleAsync(daemon, stopping));
        app.MapPost("/v1/apps/{name}/backups", (HttpContext context, string name, string? addon) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.BackupAsync(name, addon, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/backups/{backup}/restore", (HttpContext context, string name, string backup, string? addon, string? toDatabase) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.RestoreAsync(name, backup, addon, toDatabase, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/restore", (HttpContext context, string name, string toTime, string? addon, string? toDatabase) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.RestoreToTimeAsync(name, toTime, addon, toDatabase, progress, token), stopping));
        app.MapPost("/v1/apps/{name}/backups/{backup}/verify", (HttpContext context, string name, string backup, string? addon) =>
            StreamingProgress.RunAsync(context, (progress, token) => daemon.VerifyBackupAsync(name, backup, addon, progress, token), stopping));
        app.MapGet("/v1/apps/{name}/backups", (string name) =>
            Results.Json(daemon.Context.Addons.Backups.List(name), ProgressMessage.Json));
        app.MapGet("/v1/apps/{name}/addons", async (string name, CancellationToken cancellationToken) =>
            daemon.FindApp(name)?.Current is { } running
                ? Results.Json(await AddonReport.BuildAsync(running.Prepared, daemon.Context.Addons, cancellationToken), ProgressMessage.Json)
                : Results.NotFound($"{name} is not running"));
    }

    private static async Task DeployAsync(HttpContext context, RunwayDaemon daemon, CancellationToken stopping)
    {
        var request = await JsonSerializer.DeserializeAsync<DeployRequest>(context.Request.Body, ProgressMessage.Json, context.RequestAborted);
        if (request is null || string.IsNullOrEmpty(request.Directory) || !Path.IsPathFullyQualified(request.Directory))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("the body must name the app's absolute directory: {\"directory\": \"/path\", \"environment\": \"production\"}\n", context.RequestAborted);
            return;
        }

        await StreamingProgress.RunAsync(context, (progress, token) => daemon.DeployAsync(request.Directory, request.Environment ?? "production", progress, token), stopping);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record DeployRequest(string Directory, string? Environment);
