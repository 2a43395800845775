using System.Diagnostics;

namespace Runway.Runtime.Processes;

/// <summary>A running instance started by <see cref="ShellProcessLauncher"/>: the main process leads its own process group.</summary>
internal sealed class ShellInstanceProcess : IInstanceProcess
{
    private static readonly TimeSpan OutputDrainWait = TimeSpan.FromSeconds(1);

    private readonly Process _process;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _pumpStop = new();
    private readonly Task _stdout;
    private readonly Task _stderr;

    public ShellInstanceProcess(Process process, int maxLineBytes, TimeProvider timeProvider, Action<OutputStream, string> onLine)
    {
        _process = process;
        _timeProvider = timeProvider;
        Id = process.Id;
        Exited = WaitForExitCodeAsync(process);
        var stdout = process.StandardOutput.BaseStream;
        var stderr = process.StandardError.BaseStream;
        _stdout = Task.Run(() => OutputLinePump.RunAsync(stdout, maxLineBytes, line => onLine(OutputStream.Stdout, line), _pumpStop.Token));
        _stderr = Task.Run(() => OutputLinePump.RunAsync(stderr, maxLineBytes, line => onLine(OutputStream.Stderr, line), _pumpStop.Token));
    }

    public int Id { get; }

    public Task<int> Exited { get; }

    public bool HasLiveProcesses => !Exited.IsCompleted || ProcessGroup.LiveMembers(Id).Count > 0;

    public void SignalGroup(int signal)
    {
        // Until the child has run setsid its group does not exist yet (ESRCH); it is then the only process, so signal it alone.
        if (!ProcessGroup.Signal(Id, signal) && !Exited.IsCompleted)
        {
            ProcessGroup.SignalProcess(Id, signal);
        }
    }

    public async Task WaitForOutputAsync(TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(_stdout, _stderr).WaitAsync(limit, _timeProvider);
        }
        catch (TimeoutException)
        {
            // Something outside the group still holds the pipes; report without the lines that have not arrived.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Let the pumps deliver the last lines; a process that escaped the group could hold the pipes open forever.
        try
        {
            await Task.WhenAll(_stdout, _stderr).WaitAsync(OutputDrainWait, _timeProvider);
        }
        catch (TimeoutException)
        {
            await _pumpStop.CancelAsync();
        }

        _process.Dispose();
        _pumpStop.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        // Output is read by our own pumps (not BeginOutputReadLine), so this waits for the process only, not for
        // end-of-file on pipes that its children may still hold.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
