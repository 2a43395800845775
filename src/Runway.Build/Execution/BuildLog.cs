using System.Text;

namespace Runway.Build.Execution;

/// <summary>Where build output goes: appended to the release's build.log, reported to the caller, and the last lines of
/// the running command kept for a failure message. Lines are written one at a time, in arrival order.</summary>
internal sealed class BuildLog : IDisposable
{
    public const int TailCapacity = 20;

    private readonly Lock _lock = new();
    private readonly StreamWriter _file;
    private readonly IProgress<BuildOutputLine>? _progress;
    private readonly TimeProvider _time;
    private readonly Queue<string> _tail = new();

    public BuildLog(string path, IProgress<BuildOutputLine>? progress, TimeProvider time)
    {
        _file = new StreamWriter(path, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        _progress = progress;
        _time = time;
    }

    public void Write(string part, BuildOutputSource source, string text)
    {
        var line = new BuildOutputLine(part, source, text, _time.GetUtcNow());
        lock (_lock)
        {
            _file.WriteLine(line.ToString());
            if (source != BuildOutputSource.Runway)
            {
                if (_tail.Count == TailCapacity)
                {
                    _tail.Dequeue();
                }

                _tail.Enqueue(text);
            }

            _progress?.Report(line);
        }
    }

    /// <summary>Forgets the previous command's lines.</summary>
    public void StartCommand()
    {
        lock (_lock)
        {
            _tail.Clear();
        }
    }

    /// <summary>The last <see cref="TailCapacity"/> lines of the current command.</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_lock)
        {
            return [.. _tail];
        }
    }

    public void Dispose() => _file.Dispose();
}
