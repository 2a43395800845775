using Runway.Server.Progress;

namespace Runway.Cli.Output;

/// <summary>Writes what is happening, one line at a time: Runway's own steps, build output and instance logs,
/// each line prefixed with where it came from. Safe to call from many threads.</summary>
internal sealed class ConsoleReporter : IProgressReporter
{
    private readonly Lock _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly bool _color;

    public ConsoleReporter(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
        _color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    }

    /// <summary>Width of the source column, so lines from different sources align.</summary>
    public int PrefixWidth { get; set; } = 10;

    /// <summary>A step of Runway's own ("runway: building release 3").</summary>
    public void Step(string message) => Write(_out, Paint("runway:", "1;36") + " " + message);

    /// <summary>Something the user should look at but that does not stop the run.</summary>
    public void Warning(string message) => Write(_error, Paint("runway:", "1;33") + " " + message);

    /// <summary>Something that stops the run.</summary>
    public void Error(string message) => Write(_error, Paint("runway:", "1;31") + " " + message);

    /// <summary>A line of output from a build, release command or instance, prefixed with its source.</summary>
    public void Line(string source, string line) => Write(_out, Paint(source.PadRight(PrefixWidth), "2") + " | " + line);

    /// <summary>An indented detail line under a step.</summary>
    public void Detail(string text) => Write(_out, "  " + text);

    private string Paint(string text, string code) => _color ? $"\u001b[{code}m{text}\u001b[0m" : text;

    private void Write(TextWriter writer, string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
