using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Config.Railway;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>Reads the fields of one runway.toml service or site table (also used for environment overrides).</summary>
internal static partial class RunwayPartReader
{
    public static readonly string[] Providers = ["node", "python", "dotnet", "static", "go"];

    public static readonly string[] ServiceTypes = ["web", "worker", "cron"];

    public static readonly string[] ServiceFields =
    [
        "root", "type", "provider", "installCommand", "buildCommand", .. DeployFieldsReader.Fields, "domains", "variables", "limits", "autoscale",
    ];

    public static readonly string[] SiteFields = ["root", "provider", "installCommand", "buildCommand", "outputDirectory"];

    public static string[] WithoutRoot(string[] fields) => fields.Where(f => f != "root").ToArray();

    public static ServiceLayer ReadService(ObjectReader table)
    {
        var layer = ReadBuild(table);
        layer = DeployFieldsReader.Read(table, layer) with
        {
            Kind = table.OneOf("type", ServiceTypes) switch
            {
                "web" => ServiceKind.Web,
                "worker" => ServiceKind.Worker,
                "cron" => ServiceKind.Cron,
                _ => null,
            },
            Domains = Domains(table),
            Variables = table.StringMap("variables") ?? ValueMap.Empty,
            Limits = LimitsSectionReader.Read(table),
            Autoscale = AutoscaleSectionReader.Read(table),
        };
        table.ReportUnknownFields();
        return layer;
    }

    public static ServiceLayer ReadSite(ObjectReader table)
    {
        var layer = ReadBuild(table) with { OutputDirectory = table.String("outputDirectory") };
        table.ReportUnknownFields();
        return layer;
    }

    /// <summary>A service or site name: letters, digits, <c>-</c> and <c>_</c>, starting with a letter or digit, at most 63 characters.</summary>
    public static bool IsValidName(string name) => name.Length <= 63 && ValidName().IsMatch(name);

    private static ServiceLayer ReadBuild(ObjectReader table)
    {
        var layer = ServiceLayer.Empty with { Provider = table.OneOf("provider", Providers) };
        if (Commands(table, "installCommand") is { } install)
        {
            layer = layer.WithPhase(BuildSpec.InstallPhase, install);
        }

        if (Commands(table, "buildCommand") is { } build)
        {
            layer = layer.WithPhase(BuildSpec.BuildPhaseName, build);
        }

        return layer;
    }

    /// <summary>One command or a list; an empty string or list means "no commands" (skip the phase).</summary>
    private static ValueList<string>? Commands(ObjectReader table, string key) =>
        table.StringOrStringArray(key) is { } commands ? commands.Where(c => !string.IsNullOrWhiteSpace(c)).ToValueList() : default(ValueList<string>?);

    /// <summary>Host names, lower-cased; a scheme, path or port is an error (they name hosts, not URLs).</summary>
    private static ValueList<string>? Domains(ObjectReader table)
    {
        if (table.StringArray("domains") is not { } domains)
        {
            return null;
        }

        var items = table.Value("domains")!.Items;
        for (var i = 0; i < domains.Count; i++)
        {
            if (!HostName().IsMatch(domains[i]))
            {
                return table.Invalid<ValueList<string>?>("domains", items[i], "a list of host names such as \"api.example.com\" (no scheme, path or port)");
            }
        }

        return domains.Select(d => d.ToLowerInvariant()).ToValueList();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
