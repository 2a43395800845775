using System.Runtime.InteropServices;

namespace Runway.Cli.Up;

/// <summary>Turns SIGINT (Ctrl-C) and SIGTERM into a cancellation, so `runway up` can stop its processes itself
/// instead of being terminated with them still running.</summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The signal that asked to stop ("SIGINT", "SIGTERM"), or null.</summary>
    public string? Received { get; private set; }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal.ToString();
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }
}
