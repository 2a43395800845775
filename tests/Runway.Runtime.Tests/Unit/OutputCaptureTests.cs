using System.Text;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Tests.Unit;

public sealed class OutputCaptureTests
{
    private static async Task<List<string>> LinesOfAsync(byte[] data, int maxLineBytes = 64)
    {
        var lines = new List<string>();
        using var stream = new MemoryStream(data);
        await OutputLinePump.RunAsync(stream, maxLineBytes, lines.Add, CancellationToken.None);
        return lines;
    }

    [Fact]
    public async Task Splits_on_newlines_and_drops_carriage_returns()
    {
        var lines = await LinesOfAsync(Encoding.UTF8.GetBytes("one\r\ntwo\n\nthree"));

        Assert.Equal(["one", "two", "", "three"], lines);
    }

    [Fact]
    public async Task Long_lines_are_cut_at_character_boundaries()
    {
        var text = new string('a', 9) + "é" + "bcd\n"; // é is two bytes at offsets 9-10
        var lines = await LinesOfAsync(Encoding.UTF8.GetBytes(text), maxLineBytes: 10);

        Assert.Equal([new string('a', 9), "ébcd"], lines);
    }

    [Fact]
    public async Task Large_output_arrives_complete()
    {
        var text = string.Join('\n', Enumerable.Range(1, 50_000)) + "\n";
        var lines = await LinesOfAsync(Encoding.UTF8.GetBytes(text), maxLineBytes: 16 * 1024);

        Assert.Equal(50_000, lines.Count);
        Assert.Equal("50000", lines[^1]);
    }

    [Fact]
    public void Recent_lines_keep_the_last_ones_in_order()
    {
        var recent = new RecentLines(3);
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            recent.Add(line);
        }

        Assert.Equal(["c", "d", "e"], recent.Snapshot());
    }
}
