using Runway.Server.Logs;

namespace Runway.Server.Progress;

/// <summary>Progress of an operation nobody waits on (an autoscale step): written to the app's log as Runway's own lines.</summary>
internal sealed class LogProgress(AppLog log, TimeProvider time) : IProgressReporter
{
    public void Step(string message) => Write(message);

    public void Warning(string message) => Write("warning: " + message);

    public void Error(string message) => Write("error: " + message);

    public void Line(string source, string line) => log.Append(new LogLine(time.GetUtcNow(), source, line));

    public void Detail(string text) => Write(text);

    private void Write(string text) => log.Append(new LogLine(time.GetUtcNow(), "runway", text));
}
