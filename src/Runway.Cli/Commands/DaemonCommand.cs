using Runway.Build;
using Runway.Cli.Client;
using Runway.Cli.Output;
using Runway.Cli.Up;

namespace Runway.Cli.Commands;

/// <summary>The shared start of every command that talks to the daemon: find it, then run, stopping on Ctrl-C.</summary>
internal static class DaemonCommand
{
    public static async Task<int> RunAsync(Func<DaemonClient, ConsoleReporter, CancellationToken, Task<int>> action)
    {
        var console = new ConsoleReporter(Console.Out, Console.Error);
        using var client = DaemonClient.Connect(RunwayHome.FromEnvironment(), console);
        if (client is null)
        {
            return 1;
        }

        using var signals = new ShutdownSignals();
        try
        {
            return await action(client, console, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            return 130;
        }
        catch (HttpRequestException e)
        {
            console.Error($"cannot reach the runway daemon: {e.Message}");
            return 1;
        }
    }
}
