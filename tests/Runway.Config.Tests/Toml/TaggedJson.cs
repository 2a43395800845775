using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runway.Config.Toml;

namespace Runway.Config.Tests.Toml;

/// <summary>
/// Compares a parsed document with toml-test's tagged JSON: tables are objects, arrays are arrays, and every
/// scalar is {"type": T, "value": "..."}. Floats compare numerically, offset date-times as instants, local
/// date-times and times as values, everything else as exact strings.
/// </summary>
internal static partial class TaggedJson
{
    /// <summary>Null when equal; otherwise the path and the difference.</summary>
    public static string? Compare(string json, TomlTable document)
    {
        using var expected = JsonDocument.Parse(json);
        return Compare(expected.RootElement, document, "$");
    }

    private static string? Compare(JsonElement expected, TomlValue actual, string path)
    {
        if (IsScalar(expected))
        {
            return CompareScalar(expected.GetProperty("type").GetString()!, expected.GetProperty("value").GetString()!, actual, path);
        }

        if (expected.ValueKind == JsonValueKind.Array)
        {
            if (actual is not TomlArray array)
            {
                return $"{path}: expected an array, got {actual.KindName}";
            }

            var items = expected.EnumerateArray().ToList();
            if (items.Count != array.Count)
            {
                return $"{path}: expected {items.Count} elements, got {array.Count}";
            }

            return items.Select((item, index) => Compare(item, array[index], $"{path}[{index}]")).FirstOrDefault(difference => difference is not null);
        }

        if (actual is not TomlTable table)
        {
            return $"{path}: expected a table, got {actual.KindName}";
        }

        var keys = expected.EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal);
        if (!keys.SetEquals(table.Keys))
        {
            return $"{path}: expected keys [{string.Join(", ", keys.Order(StringComparer.Ordinal))}], got [{string.Join(", ", table.Keys.Order(StringComparer.Ordinal))}]";
        }

        return expected.EnumerateObject()
            .Select(property => Compare(property.Value, table[property.Name], $"{path}.{property.Name}"))
            .FirstOrDefault(difference => difference is not null);
    }

    private static bool IsScalar(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object &&
        element.EnumerateObject().Count() == 2 &&
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String &&
        element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;

    private static string? CompareScalar(string type, string value, TomlValue actual, string path)
    {
        var equal = (type, actual) switch
        {
            ("string", TomlString s) => s.Value == value,
            ("integer", TomlInteger i) => i.Value == long.Parse(value, CultureInfo.InvariantCulture),
            ("float", TomlFloat f) => FloatEquals(ParseFloat(value), f.Value),
            ("bool", TomlBoolean b) => b.Value == (value == "true"),
            ("datetime", TomlDateTime { Kind: TomlValueKind.OffsetDateTime } d) =>
                d.Offset == ParseInstant(value) && ParseInstant(d.Text) == ParseInstant(value),
            ("datetime-local", TomlDateTime { Kind: TomlValueKind.LocalDateTime } d) =>
                d.Local == ParseLocal(value) && ParseLocal(d.Text) == ParseLocal(value),
            ("date-local", TomlDateTime { Kind: TomlValueKind.LocalDate } d) =>
                d.Text == value && d.Local == ParseLocal(value),
            ("time-local", TomlDateTime { Kind: TomlValueKind.LocalTime } d) =>
                d.Time == ParseTime(value) && ParseTime(d.Text) == ParseTime(value),
            _ => false,
        };

        return equal ? null : $"{path}: expected {type} '{value}', got {actual.KindName} '{Show(actual)}'";
    }

    private static double ParseFloat(string value) => value switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static bool FloatEquals(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : expected.Equals(actual);

    private static DateTimeOffset ParseInstant(string value) =>
        DateTimeOffset.Parse(TruncateFraction(value), CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateTime ParseLocal(string value) =>
        DateTime.Parse(TruncateFraction(value), CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static TimeOnly ParseTime(string value) =>
        TimeOnly.ParseExact(TruncateFraction(value), ["HH:mm:ss", "HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture);

    /// <summary>.NET reads at most 7 fractional digits; TOML truncates extra precision, so the reference values do too.</summary>
    private static string TruncateFraction(string value) => LongFraction().Replace(value, match => match.Value[..8]);

    [GeneratedRegex(@"\.\d{8,}")]
    private static partial Regex LongFraction();

    private static string Show(TomlValue value) => value switch
    {
        TomlString s => s.Value,
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlDateTime d => d.Text,
        _ => value.KindName,
    };
}
