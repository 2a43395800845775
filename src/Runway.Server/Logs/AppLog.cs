using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Runway.Server.Logs;

/// <summary>One line of an app's log: what an instance (or a build, or Runway) printed.</summary>
public sealed record LogLine(DateTimeOffset At, string Source, string Text)
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public string Format() => $"{At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} {Source} | {Text}";

    public static LogLine? Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        if (space < 0 || bar < space
            || !DateTimeOffset.TryParseExact(line[..space], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return null;
        }

        return new LogLine(at, line[(space + 1)..bar], line[(bar + 3)..]);
    }

    /// <summary>The service a source names: <c>web</c> for <c>web.2</c>; the source itself otherwise.</summary>
    public string Service => Source.LastIndexOf('.') is var dot and > 0 && int.TryParse(Source[(dot + 1)..], out _) ? Source[..dot] : Source;
}

/// <summary>An app's log: appended to <c>$RUNWAY_HOME/logs/APP.log</c> (so it outlives the daemon) and handed to whoever
/// follows it live.</summary>
public sealed class AppLog : IDisposable
{
    private const int TailBytes = 1024 * 1024;
    private readonly Lock _gate = new();
    private readonly StreamWriter _file;
    private readonly List<Channel<LogLine>> _followers = [];
    private readonly string _path;

    public AppLog(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), new UTF8Encoding(false)) { AutoFlush = true };
    }

    public void Append(LogLine line)
    {
        lock (_gate)
        {
            _file.WriteLine(line.Format());
            foreach (var follower in _followers)
            {
                follower.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>The last <paramref name="count"/> lines (of <paramref name="service"/> only, when given), oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count, string? service = null)
    {
        lock (_gate)
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var skipped = stream.Length > TailBytes;
            stream.Seek(Math.Max(0, stream.Length - TailBytes), SeekOrigin.Begin);
            var lines = new StreamReader(stream, Encoding.UTF8).ReadToEnd().Split('\n');
            return lines.Skip(skipped ? 1 : 0) // a partial first line
                .Select(LogLine.Parse)
                .OfType<LogLine>()
                .Where(l => service is null || l.Service == service)
                .TakeLast(count)
                .ToList();
        }
    }

    /// <summary>Starts following the log: the subscription receives every line appended from now on, and
    /// <paramref name="tail"/> holds the last lines before it, with none missing or repeated between the two.</summary>
    public LogSubscription Follow(int tailCount, string? service, out IReadOnlyList<LogLine> tail)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            tail = Tail(tailCount, service);
            _followers.Add(channel);
        }

        return new LogSubscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _followers.Remove(channel);
            }
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}

/// <summary>Lines appended to an app's log while the subscription lasts.</summary>
public sealed class LogSubscription(ChannelReader<LogLine> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<LogLine> Lines => reader;

    public void Dispose() => unsubscribe();
}
