using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Runway.Server.Progress;

namespace Runway.Server.Api;

/// <summary>Reports an operation's progress to the client that asked for it, as newline-delimited JSON. The operation runs
/// to its end even when the client goes away: a deploy is never left half done because a terminal closed.</summary>
internal sealed class StreamingProgress : IProgressReporter
{
    private readonly Channel<ProgressMessage> _messages = Channel.CreateUnbounded<ProgressMessage>(new UnboundedChannelOptions { SingleReader = true });

    public void Step(string message) => Write(new ProgressMessage("step", message));

    public void Warning(string message) => Write(new ProgressMessage("warning", message));

    public void Error(string message) => Write(new ProgressMessage("error", message));

    public void Line(string source, string line) => Write(new ProgressMessage("line", line) { Source = source });

    public void Detail(string text) => Write(new ProgressMessage("detail", text));

    private void Write(ProgressMessage message) => _messages.Writer.TryWrite(message);

    /// <summary>Runs <paramref name="operation"/> in the background and streams its progress, then its result, to the response.</summary>
    public static async Task RunAsync(HttpContext context, Func<IProgressReporter, CancellationToken, Task<bool>> operation, CancellationToken daemonStopping)
    {
        var progress = new StreamingProgress();
        var work = Task.Run(async () =>
        {
            var ok = false;
            try
            {
                ok = await operation(progress, daemonStopping);
            }
            catch (OperationCanceledException) when (daemonStopping.IsCancellationRequested)
            {
                progress.Error("the daemon is stopping");
            }
            catch (Exception e)
            {
                progress.Error($"the operation failed: {e.Message}");
            }

            progress._messages.Writer.TryWrite(new ProgressMessage(ProgressMessage.ResultKind, ok ? "done" : "failed") { Ok = ok });
            progress._messages.Writer.TryComplete();
        }, CancellationToken.None);

        context.Response.ContentType = "application/x-ndjson";
        var client = context.RequestAborted;
        try
        {
            await foreach (var message in progress._messages.Reader.ReadAllAsync(client))
            {
                await context.Response.WriteAsync(JsonSerializer.Serialize(message, ProgressMessage.Json) + "\n", client);
                await context.Response.Body.FlushAsync(client);
            }
        }
        catch (OperationCanceledException) when (client.IsCancellationRequested)
        {
            // The client left; the operation goes on.
        }

        await work;
    }
}
