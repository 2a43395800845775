using System.Text;
using Runway.Config.Toml;

namespace Runway.Config.Tests.Toml;

/// <summary>Typical mistakes: each is reported once, at the right line and column, saying what was expected.</summary>
public sealed class TomlErrorTests
{
    [Theory]
    [InlineData("name \"web\"", 1, 6, "expected '=' after key 'name', found '\"'")]
    [InlineData("[server]\nport = 80\nport = 81", 3, 1, "duplicate key 'port' (first defined at 2:1)")]
    [InlineData("a.b = 1\na.b = 2", 2, 3, "duplicate key 'a.b' (first defined at 1:3)")]
    [InlineData("path = \"C:\\qux\"", 1, 11, "invalid escape sequence '\\q'")]
    [InlineData("[a]\nx = 1\n[a]", 3, 2, "table [a] is defined twice (first defined at 1:2)")]
    [InlineData("list = [1, 2", 1, 13, "expected ',' or ']' after an array element, found end of file")]
    [InlineData("list = [1 2]", 1, 11, "expected ',' or ']' after an array element, found '2'")]
    [InlineData("t = {a = 1,}", 1, 12, "trailing comma is not allowed in an inline table")]
    [InlineData("t = {a = 1,\nb = 2}", 1, 12, "inline tables must be written on one line")]
    [InlineData("a = 1\rb = 2", 1, 6, "a carriage return (U+000D)")]
    [InlineData("port = 0800", 1, 8, "invalid number '0800': leading zeros are not allowed")]
    [InlineData("big = 9223372036854775808", 1, 7, "integer '9223372036854775808' is out of range")]
    [InlineData("hex = 0xG1", 1, 7, "'G' is not a hexadecimal digit")]
    [InlineData("n = 1__000", 1, 5, "'_' in the integer part must be between two digits")]
    [InlineData("f = 1.", 1, 5, "a decimal point must be followed by digits")]
    [InlineData("d = 2021-02-29", 1, 5, "day 29 does not exist in month 02 of 2021")]
    [InlineData("d = 2021-13-01", 1, 5, "month 13 is not 01-12")]
    [InlineData("d = 2021-01-01T25:00:00", 1, 16, "hour must be 00-23")]
    [InlineData("d = 2021-01-01T10:00", 1, 16, "seconds are required")]
    [InlineData("d = 2021-01-01T10:00:00+5:00", 1, 24, "offsets are written Z, +HH:MM or -HH:MM")]
    [InlineData("d = 0000-01-01", 1, 5, "year 0000 is not supported")]
    [InlineData("d = 0001-01-01T00:00:00+01:00", 1, 5, "is outside the supported range")]
    [InlineData("enabled = yes", 1, 11, "invalid value 'yes' (strings must be quoted")]
    [InlineData("enabled = True", 1, 11, "invalid value 'True'")]
    [InlineData("key = ", 1, 7, "expected a value, found end of file")]
    [InlineData("key =\nvalue", 1, 6, "expected a value, found end of line")]
    [InlineData("[fruit]\napple.color = 'red'\n[fruit.apple]", 3, 8, "table [fruit.apple] is already defined by dotted keys (at 2:1)")]
    [InlineData("[a.b]\nz = 1\n[a]\nb.y = 2", 4, 1, "cannot add keys to table [b] with a dotted key: it was defined by a header at 1:4")]
    [InlineData("ports = [80]\n[[ports]]", 2, 3, "cannot append to array 'ports' with [[ports]]: it was written as an inline array (at 1:1)")]
    [InlineData("point = {x = 1}\npoint.y = 2", 2, 1, "cannot add keys to 'point': it is an inline table (defined at 1:9)")]
    [InlineData("point = {x = 1}\n[point.z]", 2, 2, "cannot add a table under 'point': it is an inline table")]
    [InlineData("a = 1\na.b = 2", 2, 1, "cannot use 'a' as a table: it is already an integer (defined at 1:1)")]
    [InlineData("[[jobs]]\n[jobs]", 2, 2, "[jobs] is an array of tables (defined at 1:3); use [[jobs]] to add an element")]
    [InlineData("[server\nport = 1", 1, 8, "expected ']' to close the header [server, found end of line")]
    [InlineData("[[server]\nport = 1", 1, 9, "expected ']]' to close the header [[server, found ']'")]
    [InlineData("[a] x = 1", 1, 5, "expected the end of the line after a table header, found 'x'")]
    [InlineData("a = 1 b = 2", 1, 7, "expected the end of the line after a value, found 'b'")]
    [InlineData("a = \"open\nb = 1", 1, 10, "unterminated string: expected \" before the end of the line")]
    [InlineData("a = \"tab\tok bell\u0007\"", 1, 17, "character U+0007 is not allowed in a string (write it as an escape, e.g. \\u0007)")]
    [InlineData("# note \u0001", 1, 8, "character U+0001 is not allowed in a comment")]
    [InlineData("s = \"\"\"\none\ntwo\n\"\"\"\nbad", 5, 4, "expected '=' after key 'bad', found end of file")]
    [InlineData("s = '''\nnever closed", 2, 13, "unterminated multi-line string: expected ''' to close the string opened at 1:5")]
    [InlineData("\"\"\"key\"\"\" = 1", 1, 1, "a multi-line string cannot be used as a key")]
    [InlineData("= 1", 1, 1, "expected a key before '='")]
    [InlineData("a b = 1", 1, 3, "expected '=' after key 'a', found 'b'")]
    [InlineData("x = \"\\uD800\"", 1, 6, "invalid escape sequence '\\uD800': not a Unicode scalar value")]
    [InlineData("x = \"\\u12\"", 1, 6, "'\\u' must be followed by 4 hexadecimal digits")]
    [InlineData("\tname", 1, 6, "expected '=' after key 'name', found end of file")]
    [InlineData("k = \"é\" x", 1, 9, "found 'x'")]
    public void Reports_the_first_mistake_with_position_and_message(string toml, int line, int column, string message)
    {
        var result = TomlParser.Parse(toml);

        Assert.Null(result.Document);
        Assert.NotNull(result.Error);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_offending_byte()
    {
        byte[] bytes = [.. "a = 1\nb = \"x"u8, 0xFF, .. "\"\n"u8];

        var result = TomlParser.Parse(bytes);

        Assert.Null(result.Document);
        Assert.Equal(new TomlError("invalid UTF-8 (byte 0xFF); TOML files must be encoded as UTF-8", 2, 7), result.Error);
    }

    [Fact]
    public void Utf16_input_is_rejected_not_misread()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a = 1\n")).ToArray();

        var result = TomlParser.Parse(bytes);

        Assert.False(result.Success);
        Assert.Equal((1, 1), (result.Error!.Line, result.Error.Column));
    }

    [Fact]
    public void Unpaired_surrogate_in_text_input_is_rejected()
    {
        var result = TomlParser.Parse("a = \"x\uD800y\"");

        Assert.False(result.Success);
        Assert.Contains("unpaired UTF-16 surrogate", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((1, 7), (result.Error.Line, result.Error.Column));
    }

    [Fact]
    public void Error_renders_as_line_column_message()
    {
        var error = TomlParser.Parse("x = ?").Error;

        Assert.Equal("1:5: invalid value '?' (strings must be quoted; booleans are lowercase true/false)", error!.ToString());
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_not_a_stack_overflow()
    {
        var deep = "a = " + new string('[', 100_000) + new string(']', 100_000);

        var result = TomlParser.Parse(deep);

        Assert.False(result.Success);
        Assert.Contains("nested more than 128 levels", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_within_the_limit_parses()
    {
        var depth = TomlCursor.MaxNestingDepth;
        var result = TomlParser.Parse("a = " + new string('[', depth) + new string(']', depth));

        Assert.True(result.Success, result.Error?.ToString());
    }
}
