using Runway.Config.Documents;
using Runway.Config.DotEnv;
using Runway.Config.Tests.Support;

namespace Runway.Config.Tests.DotEnv;

public class DotEnvReaderTests
{
    private static (Dictionary<string, string> Values, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        var document = DotEnvReader.Read(text, ".env", diagnostics);
        return (document.ToMap().ToDictionary(p => p.Key, p => p.Value), diagnostics);
    }

    [Fact]
    public void Reads_plain_exported_and_spaced_assignments()
    {
        var (values, diagnostics) = Read("# comment\nA=1\nexport B=two\n  C = three  \nD=\nE.F-G=x\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two", ["C"] = "three", ["D"] = "", ["E.F-G"] = "x" }, values);
    }

    [Fact]
    public void Unquoted_values_lose_inline_comments_only_after_whitespace()
    {
        var (values, _) = Read("A=value # comment\nB=color#fff\nC=#not-a-comment\n");

        Assert.Equal("value", values["A"]);
        Assert.Equal("color#fff", values["B"]);
        Assert.Equal("#not-a-comment", values["C"]);
    }

    [Fact]
    public void Single_quoted_values_are_literal()
    {
        var (values, diagnostics) = Read("A=x\nB='${A} \\n # kept'\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("${A} \\n # kept", values["B"]);
    }

    [Fact]
    public void Double_quoted_values_read_escapes_and_span_lines()
    {
        var (values, diagnostics) = Read("KEY=\"-----BEGIN-----\nabc\n-----END-----\"\nB=\"tab\\there\\nnew \\\"q\\\" \\\\ \\$HOME\" # comment\nC=after\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("-----BEGIN-----\nabc\n-----END-----", values["KEY"]);
        Assert.Equal("tab\there\nnew \"q\" \\ $HOME", values["B"]);
        Assert.Equal("after", values["C"]);
    }

    [Fact]
    public void Variables_expand_from_earlier_lines()
    {
        var (values, diagnostics) = Read("HOST=db\nPORT=5432\nURL=postgres://${HOST}:$PORT/app\nQ=\"${HOST}-x\"\nD=${MISSING:-fallback}\nE=${EMPTY-unset}\nEMPTY=\nF=${EMPTY:-was-empty}\nG=\\$HOST\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("postgres://db:5432/app", values["URL"]);
        Assert.Equal("db-x", values["Q"]);
        Assert.Equal("fallback", values["D"]);
        Assert.Equal("unset", values["E"]);
        Assert.Equal("was-empty", values["F"]);
        Assert.Equal("$HOST", values["G"]);
    }

    [Fact]
    public void Railway_references_are_kept_as_written()
    {
        var (values, diagnostics) = Read("API=https://${{ api.RAILWAY_PUBLIC_DOMAIN }}/v1\n");

        Assert.Empty(diagnostics.Items);
        Assert.Equal("https://${{ api.RAILWAY_PUBLIC_DOMAIN }}/v1", values["API"]);
    }

    [Fact]
    public void An_undefined_reference_expands_to_empty_with_a_warning()
    {
        var (values, diagnostics) = Read("A=x${NOPE}y\n");

        Assert.Equal("xy", values["A"]);
        Assert.Equal([".env:1:3: warning: ${NOPE} is not defined earlier in this file; it expands to an empty string"], diagnostics.Lines());
    }

    [Fact]
    public void Malformed_lines_are_skipped_with_a_positioned_warning()
    {
        var (values, diagnostics) = Read("A=1\nnot a variable\n  =2\nB: 3\nC=ok\n");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["C"] = "ok" }, values);
        Assert.Equal(
        [
            ".env:2:1: warning: expected = after \"not\"; the line is ignored (names may hold letters, digits, _, . and -)",
            ".env:3:3: warning: expected KEY=VALUE; the line is ignored (names may hold letters, digits, _, . and -)",
            ".env:4:1: warning: expected = after \"B\"; the line is ignored (names may hold letters, digits, _, . and -)",
        ], diagnostics.Lines());
    }

    [Fact]
    public void An_unterminated_quote_skips_that_line_only()
    {
        var (values, diagnostics) = Read("A=\"open\nB=2\n");

        Assert.Equal(new Dictionary<string, string> { ["B"] = "2" }, values);
        Assert.Equal([".env:1:3: warning: the value opened with \" at 1:3 is never closed; the line is ignored"], diagnostics.Lines());
    }

    [Fact]
    public void Positions_after_a_multi_line_value_are_correct()
    {
        var (_, diagnostics) = Read("A=\"1\n2\n3\"\nbad line\n");

        Assert.Equal([".env:4:1: warning: expected = after \"bad\"; the line is ignored (names may hold letters, digits, _, . and -)"], diagnostics.Lines());
    }

    [Fact]
    public void Text_after_a_closing_quote_is_a_warning()
    {
        var (values, diagnostics) = Read("A='x' y\r\nB=2\r\n");

        Assert.Equal("x", values["A"]);
        Assert.Equal("2", values["B"]);
        Assert.Equal([".env:1:7: warning: unexpected text after the closing quote; it is ignored"], diagnostics.Lines());
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value()
    {
        var (values, _) = Read("A=1\nA=2\n");

        Assert.Equal("2", values["A"]);
    }
}
