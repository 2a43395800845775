using System.Net;
using System.Net.Sockets;

namespace Runway.Edge.Hosting;

/// <summary>Lets socket completions run on the thread that polled them (epoll) instead of being queued to the thread pool.
/// With <see cref="EdgeTransport"/> this removes two thread hand-offs from every proxied or served request, which on a
/// small machine is the largest single cost of the edge after the kernel's own TCP work.</summary>
/// <remarks>.NET reads this once per process, from <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, when the first
/// socket registers with its event loop. <see cref="EnableAsync"/> must therefore run before any other socket use; it sets the
/// variable, makes the event loops start, and removes the variable again so the apps Runway starts do not inherit it.
/// Code that continues after a socket await then runs on an event thread: it must not block there, which holds for the
/// edge (page-cache reads, asynchronous upstream I/O) and for the rest of Runway (asynchronous sockets only).</remarks>
public static class InlineSocketCompletions
{
    internal const string VariableName = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Set to 0 to keep .NET's default (completions queued to the thread pool).</summary>
    public const string OptOutVariableName = "RUNWAY_INLINE_SOCKET_COMPLETIONS";

    /// <summary>Turns inline completions on for this process, unless the user chose otherwise with
    /// <see cref="OptOutVariableName"/> or set .NET's own variable (which is then left as it is, children included).</summary>
    /// <returns>Whether completions run inline.</returns>
    public static async Task<bool> EnableAsync()
    {
        var own = Environment.GetEnvironmentVariable(VariableName);
        if (own is not null)
        {
            return own == "1";
        }

        if (Environment.GetEnvironmentVariable(OptOutVariableName) == "0")
        {
            return false;
        }

        Environment.SetEnvironmentVariable(VariableName, "1");
        try
        {
            await StartEventLoopsAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(VariableName, null);
        }

        return true;
    }

    /// <summary>An accept that has to wait registers the listener with .NET's socket event loops, which creates them and
    /// reads the variable.</summary>
    private static async Task StartEventLoopsAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var cancel = new CancellationTokenSource();
        var accept = listener.AcceptAsync(cancel.Token);
        await cancel.CancelAsync();
        try
        {
            (await accept).Dispose();
        }
        catch (OperationCanceledException)
        {
            // Canceled as intended: the event loops exist now.
        }
    }
}
