using System.Text;
using Runway.Config.Toml;

namespace Runway.Config.Tests.Toml;

/// <summary>What a parsed document holds: values, kinds, order and positions.</summary>
public sealed class TomlParserTests
{
    private static TomlTable Parse(string toml)
    {
        var result = TomlParser.Parse(toml);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Document!;
    }

    [Fact]
    public void Keys_keep_document_order_and_positions()
    {
        var document = Parse("name = \"web\"\n  port = 8080\n[deploy]\nreplicas = 2\n");

        Assert.Equal(["name", "port", "deploy"], document.Keys);
        Assert.Equal(new TomlPosition(2, 3), document.KeyPosition("port"));
        Assert.Equal(new TomlPosition(2, 10), document["port"].Position);
        var deploy = Assert.IsType<TomlTable>(document["deploy"]);
        Assert.Equal(new TomlPosition(3, 2), deploy.Position);
        Assert.Equal(new TomlPosition(4, 1), deploy.KeyPosition("replicas"));
    }

    [Fact]
    public void Positions_after_crlf_and_multiline_strings_count_lines()
    {
        var document = Parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = 1\r\n");

        Assert.Equal("one\ntwo", ((TomlString)document["a"]).Value);
        Assert.Equal(new TomlPosition(4, 1), document.KeyPosition("b"));
    }

    [Fact]
    public void Dotted_keys_and_headers_build_nested_tables()
    {
        var document = Parse("""
            site."google.com".enabled = true
            [x.y.z]
            w = 1
            [x]
            v = 2
            """);

        var site = (TomlTable)document["site"];
        Assert.True(((TomlBoolean)((TomlTable)site["google.com"])["enabled"]).Value);
        var x = (TomlTable)document["x"];
        Assert.Equal(["y", "v"], x.Keys);
        Assert.Equal(1, ((TomlInteger)((TomlTable)((TomlTable)x["y"])["z"])["w"]).Value);
    }

    [Fact]
    public void Arrays_of_tables_collect_each_header_and_nest()
    {
        var document = Parse("""
            [[service]]
            name = "web"
            [[service.port]]
            number = 80
            [[service]]
            name = "worker"
            """);

        var services = (TomlArray)document["service"];
        Assert.Equal(2, services.Count);
        Assert.Equal("worker", ((TomlString)((TomlTable)services[1])["name"]).Value);
        var ports = (TomlArray)((TomlTable)services[0])["port"];
        Assert.Equal(80, ((TomlInteger)((TomlTable)ports[0])["number"]).Value);
    }

    [Fact]
    public void Strings_in_all_four_forms()
    {
        var document = Parse(""""""
            basic = "tab\there \u00e9 \U0001F600 \"q\""
            literal = 'C:\Users\nobody'
            multi = """
            first
              second \
                 joined"""
            raw = '''
            keep \n this'''
            quotes = """""two""""
            """""");

        Assert.Equal("tab\there é 😀 \"q\"", ((TomlString)document["basic"]).Value);
        Assert.Equal(@"C:\Users\nobody", ((TomlString)document["literal"]).Value);
        Assert.Equal("first\n  second joined", ((TomlString)document["multi"]).Value);
        Assert.Equal(@"keep \n this", ((TomlString)document["raw"]).Value);
        Assert.Equal("\"\"two\"", ((TomlString)document["quotes"]).Value);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+17", 17L)]
    [InlineData("-1_000", -1000L)]
    [InlineData("0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("0o755", 493L)]
    [InlineData("0b1101", 13L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    public void Integers(string written, long expected)
    {
        Assert.Equal(expected, ((TomlInteger)Parse("n = " + written)["n"]).Value);
    }

    [Theory]
    [InlineData("3.14", 3.14)]
    [InlineData("-0.01", -0.01)]
    [InlineData("5e+22", 5e+22)]
    [InlineData("6.626e-34", 6.626e-34)]
    [InlineData("1E06", 1e6)]
    [InlineData("224_617.445_991", 224617.445991)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("nan", double.NaN)]
    [InlineData("-nan", double.NaN)]
    public void Floats(string written, double expected)
    {
        Assert.Equal(expected, ((TomlFloat)Parse("f = " + written)["f"]).Value);
    }

    [Fact]
    public void Negative_zero_float_keeps_its_sign()
    {
        Assert.True(double.IsNegative(((TomlFloat)Parse("f = -0.0")["f"]).Value));
    }

    [Fact]
    public void Offset_date_times_are_normalised_and_hold_the_instant()
    {
        var value = (TomlDateTime)Parse("t = 1979-05-27 00:32:00.999999123-07:00")["t"];

        Assert.Equal(TomlValueKind.OffsetDateTime, value.Kind);
        Assert.Equal("1979-05-27T00:32:00.999999123-07:00", value.Text);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.Zero).AddTicks(9_999_991), value.Offset);
        Assert.Equal(TimeSpan.FromHours(-7), value.Offset!.Value.Offset);
    }

    [Fact]
    public void Lowercase_separator_and_zulu_are_normalised()
    {
        var value = (TomlDateTime)Parse("t = 1987-07-05t17:45:00z")["t"];

        Assert.Equal("1987-07-05T17:45:00Z", value.Text);
        Assert.Equal(new DateTimeOffset(1987, 7, 5, 17, 45, 0, TimeSpan.Zero), value.Offset);
    }

    [Fact]
    public void Offsets_beyond_fourteen_hours_keep_the_instant()
    {
        var value = (TomlDateTime)Parse("t = 2000-01-01T00:00:00+23:30")["t"];

        Assert.Equal(new DateTimeOffset(1999, 12, 31, 0, 30, 0, TimeSpan.Zero), value.Offset);
    }

    [Fact]
    public void Local_date_time_date_and_time()
    {
        var document = Parse("dt = 1979-05-27T07:32:00\nd = 2024-02-29\nt = 00:32:00.5\n");

        var dateTime = (TomlDateTime)document["dt"];
        Assert.Equal((TomlValueKind.LocalDateTime, "local date-time"), (dateTime.Kind, dateTime.KindName));
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0), dateTime.Local);
        Assert.Null(dateTime.Offset);
        var date = (TomlDateTime)document["d"];
        Assert.Equal((TomlValueKind.LocalDate, "2024-02-29"), (date.Kind, date.Text));
        Assert.Equal(new DateTime(2024, 2, 29), date.Local);
        var time = (TomlDateTime)document["t"];
        Assert.Equal((TomlValueKind.LocalTime, "00:32:00.5"), (time.Kind, time.Text));
        Assert.Equal(new TimeOnly(0, 32, 0, 500), time.Time);
    }

    [Fact]
    public void Date_followed_by_a_comment_stays_a_date()
    {
        var value = (TomlDateTime)Parse("d = 2024-01-02 # not a time\n")["d"];

        Assert.Equal(TomlValueKind.LocalDate, value.Kind);
    }

    [Fact]
    public void Mixed_arrays_and_inline_tables()
    {
        var document = Parse("mixed = [1, 'two', 3.0, [4], { five = 5 }, ]\npoint = { x = 1, y.z = 2 }");

        var mixed = (TomlArray)document["mixed"];
        Assert.Equal(
            [TomlValueKind.Integer, TomlValueKind.String, TomlValueKind.Float, TomlValueKind.Array, TomlValueKind.Table],
            mixed.Select(item => item.Kind));
        var point = (TomlTable)document["point"];
        Assert.Equal(2, ((TomlInteger)((TomlTable)point["y"])["z"]).Value);
    }

    [Fact]
    public void Byte_order_mark_is_accepted_in_bytes_and_text()
    {
        Assert.True(TomlParser.Parse([0xEF, 0xBB, 0xBF, .. "a = 1"u8]).Success);
        Assert.True(TomlParser.Parse("\uFEFFa = 1").Success);
        Assert.False(TomlParser.Parse("a = 1\n\uFEFF").Success);
    }

    [Fact]
    public void Bytes_and_text_give_the_same_document()
    {
        const string toml = "name = \"caf\u00e9\" # \u2615\n[t]\nk = 1";

        var fromBytes = TomlParser.Parse(Encoding.UTF8.GetBytes(toml)).Document!;
        var fromText = TomlParser.Parse(toml).Document!;

        Assert.Equal("caf\u00e9", ((TomlString)fromBytes["name"]).Value);
        Assert.Equal(fromText.Keys, fromBytes.Keys);
        Assert.Equal(fromText.KeyPosition("t"), fromBytes.KeyPosition("t"));
    }

    [Fact]
    public void Large_tables_keep_order_and_find_every_key()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"k{49 - i}").ToList();
        var document = Parse(string.Join("\n", keys.Select((key, i) => $"{key} = {i}")));

        Assert.Equal(keys, document.Keys);
        Assert.All(keys, (key, i) => Assert.Equal(i, ((TomlInteger)document[key]).Value));
        Assert.Equal(new TomlPosition(31, 1), document.KeyPosition("k19"));
        Assert.False(document.ContainsKey("k50"));
        Assert.Throws<KeyNotFoundException>(() => document["k50"]);
    }

    [Fact]
    public void Duplicates_are_found_in_large_tables()
    {
        var toml = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"k{i} = {i}")) + "\nk30 = 0";

        var error = TomlParser.Parse(toml).Error;

        Assert.Equal(new TomlError("duplicate key 'k30' (first defined at 31:1)", 41, 1), error);
    }

    [Fact]
    public void Empty_and_comment_only_documents_are_empty_tables()
    {
        Assert.Equal(0, Parse("").Count);
        Assert.Equal(0, Parse("# only a comment\r\n\n   \t\n").Count);
    }
}
