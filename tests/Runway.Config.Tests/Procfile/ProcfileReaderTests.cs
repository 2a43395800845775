using Runway.Config.Documents;
using Runway.Config.Procfile;
using Runway.Config.Tests.Support;

namespace Runway.Config.Tests.Procfile;

public class ProcfileReaderTests
{
    private static (ProcfileDocument Procfile, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (ProcfileReader.Read(text, "Procfile", diagnostics), diagnostics);
    }

    [Fact]
    public void Reads_types_and_commands_ignoring_comments_and_blank_lines()
    {
        var (procfile, diagnostics) = Read("# processes\n\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\r\n  worker:python worker.py  \nrelease: python migrate.py\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(["web", "worker", "release"], procfile.Entries.Select(e => e.Type));
        Assert.Equal("gunicorn app:app --bind 0.0.0.0:$PORT", procfile.Find("web")!.Command);
        Assert.Equal("python worker.py", procfile.Find("worker")!.Command);
        Assert.Equal("Procfile:4:3", procfile.Find("worker")!.Location.ToString());
        Assert.Equal(["web", "worker"], procfile.Processes.Select(p => p.Type));
    }

    [Fact]
    public void A_line_without_a_colon_is_an_error_with_its_position()
    {
        var (procfile, diagnostics) = Read("web: node server.js\n  node worker.js\n");

        Assert.Equal(["Procfile:2:3: error: expected \"type: command\" (for example \"web: node server.js\"), got \"node worker.js\""], diagnostics.Lines());
        Assert.Single(procfile.Entries);
    }

    [Fact]
    public void Upper_case_and_underscores_are_read_leniently_with_a_warning()
    {
        var (procfile, diagnostics) = Read("Web: a\nqueue_worker: b\n");

        Assert.Equal(["web", "queue-worker"], procfile.Entries.Select(e => e.Type));
        Assert.Equal(
        [
            "Procfile:1:1: warning: process type \"Web\" is not a valid Heroku process type (lower-case letters, digits and -); it is read as \"web\"",
            "Procfile:2:1: warning: process type \"queue_worker\" is not a valid Heroku process type (lower-case letters, digits and -); it is read as \"queue-worker\"",
        ], diagnostics.Lines());
    }

    [Theory]
    [InlineData("-web: a", "Procfile:1:1: error: process type \"-web\" is invalid: use lower-case letters, digits and - (not at the start or end)")]
    [InlineData("we b: a", "Procfile:1:1: error: process type \"we b\" is invalid: use lower-case letters, digits and - (not at the start or end)")]
    [InlineData(": a", "Procfile:1:1: error: process type \"\" is invalid: use lower-case letters, digits and - (not at the start or end)")]
    [InlineData("web:", "Procfile:1:5: error: process type \"web\" has no command")]
    public void Invalid_lines_are_errors(string line, string expected)
    {
        var (procfile, diagnostics) = Read(line);

        Assert.Empty(procfile.Entries);
        Assert.Equal([expected], diagnostics.Lines());
    }

    [Fact]
    public void A_type_longer_than_63_characters_is_an_error()
    {
        var type = new string('a', 64);
        var (_, diagnostics) = Read(type + ": x");

        Assert.Equal([$"Procfile:1:1: error: process type \"{type}\" is longer than 63 characters"], diagnostics.Lines());
        Assert.Empty(Read(new string('a', 63) + ": x").Diagnostics.Items);
    }

    [Fact]
    public void A_repeated_type_keeps_the_last_command_with_a_warning()
    {
        var (procfile, diagnostics) = Read("web: a\nworker: w\nweb: b\n");

        Assert.Equal(["web", "worker"], procfile.Entries.Select(e => e.Type));
        Assert.Equal("b", procfile.Find("web")!.Command);
        Assert.Equal("Procfile:3:1", procfile.Find("web")!.Location.ToString());
        Assert.Equal(["Procfile:3:1: warning: process type \"web\" is defined again (first at line 1); this line wins"], diagnostics.Lines());
    }
}
