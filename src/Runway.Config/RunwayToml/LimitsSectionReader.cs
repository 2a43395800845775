using System.Globalization;
using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>Reads a service's <c>limits</c> table: <c>memory</c>, <c>cpus</c> and <c>pids</c> of each instance.</summary>
internal static partial class LimitsSectionReader
{
    public static readonly string[] Fields = ["memory", "cpus", "pids"];

    private const long MinimumMemory = 1L << 20;
    private const double MaximumCpus = 1024;

    /// <summary>The limits the service's table gives; null when it has no <c>limits</c> table.</summary>
    public static ResourceLimits? Read(ObjectReader service)
    {
        var table = service.Table("limits", Fields);
        if (table is null)
        {
            return null;
        }

        var limits = new ResourceLimits(Memory(table), Cpus(table), table.Integer("pids", minimum: 1));
        table.ReportUnknownFields();
        return limits;
    }

    /// <summary>Bytes, or a number with docker/compose's units b, k, m, g (also written ki/kb/kib …, any case); every
    /// unit is a power of 1024, as in <c>docker run --memory</c> and compose's <c>deploy.resources.limits.memory</c>.</summary>
    internal static long? Memory(ObjectReader table)
    {
        var value = table.Value("memory");
        if (value is null)
        {
            return null;
        }

        var (bytes, hasUnit) = value.Kind switch
        {
            ConfigNodeKind.Integer => (value.Integer, false),
            ConfigNodeKind.String => ParseSize(value.Text),
            _ => (default(long?), false),
        };
        if (bytes is null)
        {
            return table.Invalid<long?>("memory", value, "a size such as \"256M\", \"512Mi\", \"1G\" or a number of bytes");
        }

        if (bytes < MinimumMemory)
        {
            var hint = hasUnit ? "" : string.Create(CultureInfo.InvariantCulture, $"; a number without a unit counts bytes: write \"{bytes}M\" for {bytes} MiB");
            table.Diagnostics.Error(value.Location, $"{table.FieldPath("memory")} must be at least 1 MiB (got {value.Describe(table.Syntax)}{hint})");
            return null;
        }

        return bytes;
    }

    internal static (long? Bytes, bool HasUnit) ParseSize(string text)
    {
        var match = SizeText().Match(text.Trim());
        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return (null, false);
        }

        var unit = match.Groups["unit"].Value.ToUpperInvariant();
        long factor = unit switch
        {
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            _ => 1,
        };
        var bytes = number * factor;
        return bytes > long.MaxValue ? (null, false) : ((long)decimal.Floor(bytes), match.Groups["unit"].Success || match.Groups["bytes"].Success);
    }

    private static double? Cpus(ObjectReader table)
    {
        var value = table.Value("cpus");
        if (value is null)
        {
            return null;
        }

        double? cpus = value.Kind switch
        {
            ConfigNodeKind.Integer => value.Integer,
            ConfigNodeKind.Float => value.Float,
            _ => null,
        };
        if (cpus is not { } number || !double.IsFinite(number) || number <= 0 || number > MaximumCpus)
        {
            return table.Invalid<double?>("cpus", value, "a number of CPUs above 0 such as 0.5 or 2");
        }

        return number;
    }

    // "256", "256b", "256M", "512Mi", "1.5g", "1GiB", "64 MB".
    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)\s*((?<bytes>b)|(?<unit>[kmg])i?b?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizeText();
}
