using System.Globalization;
using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Config.Loading;

namespace Runway.Config.RunwayToml;

/// <summary>Reads a service's <c>autoscale</c> table: <c>min</c>, <c>max</c>, the targets <c>cpu</c>, <c>concurrency</c> and
/// <c>p95</c>, and the cooldowns. Each value is checked here; whether the stacked table is complete is checked by
/// <see cref="AutoscaleLayer.ToSpec"/>, since an environment may set only some fields.</summary>
internal static partial class AutoscaleSectionReader
{
    public static readonly string[] Fields = ["min", "max", "cpu", "concurrency", "p95", "scaleUpCooldown", "scaleDownCooldown"];

    public const int MaximumReplicas = 100;

    private const double MaximumCpuPercent = 100_000;
    private static readonly TimeSpan MaximumP95 = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaximumCooldown = TimeSpan.FromDays(1);

    /// <summary>The service's autoscale table; null when it has none.</summary>
    public static AutoscaleLayer? Read(ObjectReader service)
    {
        var property = service.Node.Property("autoscale");
        var table = service.Table("autoscale", Fields);
        if (table is null || property is null)
        {
            return null;
        }

        var errorsBefore = table.Diagnostics.ErrorCount;
        var layer = new AutoscaleLayer(table.Path, property.KeyLocation)
        {
            Min = table.Integer("min", minimum: 1, maximum: MaximumReplicas),
            Max = table.Integer("max", minimum: 1, maximum: MaximumReplicas),
            CpuPercent = Positive(table, "cpu", MaximumCpuPercent, "a percentage of one CPU above 0 such as 70 (150 is one and a half cores)"),
            Concurrency = Positive(table, "concurrency", double.MaxValue, "a number of requests in flight per instance above 0 such as 10"),
            P95 = Duration(table, "p95", TimeSpan.FromMilliseconds(1), MaximumP95, numberUnit: TimeSpan.FromMilliseconds(1),
                "a latency such as \"300ms\" or \"1.5s\" (a number counts milliseconds) between 1ms and 10m"),
            ScaleUpCooldown = Duration(table, "scaleUpCooldown", TimeSpan.Zero, MaximumCooldown, numberUnit: TimeSpan.FromSeconds(1),
                "a duration such as \"30s\" or \"5m\" (a number counts seconds) between 0s and 1d"),
            ScaleDownCooldown = Duration(table, "scaleDownCooldown", TimeSpan.Zero, MaximumCooldown, numberUnit: TimeSpan.FromSeconds(1),
                "a duration such as \"30s\" or \"5m\" (a number counts seconds) between 0s and 1d"),
        };
        table.ReportUnknownFields();
        return table.Diagnostics.ErrorCount > errorsBefore ? layer with { Invalid = true } : layer;
    }

    private static double? Positive(ObjectReader table, string key, double maximum, string expected)
    {
        var value = table.Value(key);
        if (value is null)
        {
            return null;
        }

        double? number = value.Kind switch
        {
            ConfigNodeKind.Integer => value.Integer,
            ConfigNodeKind.Float => value.Float,
            _ => null,
        };
        return number is { } n && double.IsFinite(n) && n > 0 && n <= maximum ? n : table.Invalid<double?>(key, value, expected);
    }

    /// <summary>A string of numbers with units ms, s, m or h ("300ms", "1.5s", "1m30s"), or a bare number of <paramref name="numberUnit"/>.</summary>
    private static TimeSpan? Duration(ObjectReader table, string key, TimeSpan minimum, TimeSpan maximum, TimeSpan numberUnit, string expected)
    {
        var value = table.Value(key);
        if (value is null)
        {
            return null;
        }

        var duration = value.Kind switch
        {
            ConfigNodeKind.Integer => Multiply(numberUnit, value.Integer),
            ConfigNodeKind.Float => Multiply(numberUnit, value.Float),
            ConfigNodeKind.String => ParseDuration(value.Text),
            _ => null,
        };
        return duration is { } d && d >= minimum && d <= maximum ? d : table.Invalid<TimeSpan?>(key, value, expected);
    }

    private static TimeSpan? Multiply(TimeSpan unit, double count) =>
        double.IsFinite(count) && count >= 0 && count <= TimeSpan.MaxValue.Ticks / (double)unit.Ticks ? TimeSpan.FromTicks((long)(unit.Ticks * count)) : null;

    internal static TimeSpan? ParseDuration(string text)
    {
        var match = DurationText().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        var parts = match.Groups["number"].Captures;
        var units = match.Groups["unit"].Captures;
        for (var i = 0; i < parts.Count; i++)
        {
            var unit = units[i].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                _ => TimeSpan.FromHours(1),
            };
            if (!double.TryParse(parts[i].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || Multiply(unit, number) is not { } part || part > TimeSpan.MaxValue - total)
            {
                return null;
            }

            total += part;
        }

        return total;
    }

    // Go's time.ParseDuration units, largest first when combined: "300ms", "1.5s", "5m", "1m30s", "1h".
    [GeneratedRegex(@"^((?<number>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationText();
}
