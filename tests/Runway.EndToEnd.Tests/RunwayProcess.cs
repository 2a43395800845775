using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Runway.EndToEnd.Tests;

/// <summary>The real `runway` executable started by a test, in its own process group, with its output collected line by line.</summary>
internal sealed class RunwayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly ITestOutputHelper? _output;

    private readonly bool _ownsHome;

    private RunwayProcess(Process process, string home, bool ownsHome, ITestOutputHelper? output)
    {
        _process = process;
        Home = home;
        _ownsHome = ownsHome;
        _output = output;
    }

    /// <summary>The RUNWAY_HOME this process uses (a fresh temp directory).</summary>
    public string Home { get; }

    public int Pid => _process.Id;

    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join('\n', _lines);

    public static RunwayProcess Start(ITestOutputHelper? output, params string[] args) =>
        Start(Directory.CreateTempSubdirectory("runway-e2e-").FullName, ownsHome: true, output, args);

    /// <summary>Starts runway with an existing RUNWAY_HOME, which outlives this process (the daemon's and its clients').</summary>
    public static RunwayProcess StartIn(string home, ITestOutputHelper? output, params string[] args) => Start(home, ownsHome: false, output, args);

    /// <summary>Starts runway with <paramref name="workingDirectory"/> as its current directory.</summary>
    public static RunwayProcess StartFrom(string workingDirectory, ITestOutputHelper? output, params string[] args) =>
        Start(Directory.CreateTempSubdirectory("runway-e2e-").FullName, ownsHome: true, output, args, workingDirectory);

    private static RunwayProcess Start(string home, bool ownsHome, ITestOutputHelper? output, string[] args, string? workingDirectory = null)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "runway.dll");
        // setsid gives runway its own process group, so a failed test can still end everything it started.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["RUNWAY_HOME"] = home;
        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start runway");
        var runway = new RunwayProcess(process, home, ownsHome, output);
        process.OutputDataReceived += (_, e) => runway.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => runway.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runway;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        _lineArrived.Release();
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; its output helper no longer accepts lines.
        }
    }

    /// <summary>Waits until a line matches <paramref name="pattern"/> and returns its match.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var line in _lines)
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            if (_process.HasExited && _lineArrived.CurrentCount == 0)
            {
                await Task.Delay(200);
                if (!_lines.Any(l => regex.IsMatch(l)))
                {
                    throw new Xunit.Sdk.XunitException($"runway exited ({_process.ExitCode}) before printing /{pattern}/. Output:\n{Output}");
                }

                continue;
            }

            try
            {
                await _lineArrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no line matched /{pattern}/ within {timeout.TotalSeconds:0} s. Output:\n{Output}");
            }
        }
    }

    public int CountLines(string pattern) => _lines.Count(l => Regex.IsMatch(l, pattern, RegexOptions.CultureInvariant));

    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = NativeSignals.Send(_process.Id, signal);
        }
    }

    /// <summary>Sends <paramref name="signal"/> and checks that runway exits 0 and leaves no process of its own behind.</summary>
    public async Task StopCleanlyAsync(int signal, TimeSpan timeout)
    {
        Signal(signal);
        Assert.Equal(0, await WaitForExitAsync(timeout));
        Assert.Empty(LeftoverProcesses.Find(Home));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"runway did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = NativeSignals.Send(-_process.Id, Signals.Kill);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lineArrived.Dispose();
        if (!_ownsHome)
        {
            return;
        }

        foreach (var pid in LeftoverProcesses.Find(Home))
        {
            _ = NativeSignals.Send(pid, Signals.Kill);
        }

        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file; the temp directory is left behind then.
        }
    }

}

internal static class Signals
{
    public const int Interrupt = 2;
    public const int Kill = 9;
    public const int Terminate = 15;
}
