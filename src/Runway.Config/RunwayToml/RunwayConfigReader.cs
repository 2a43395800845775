using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>Reads runway.toml: app name, entry, shared variables, services, sites, add-ons and environment overrides.</summary>
internal static class RunwayConfigReader
{
    private static readonly string[] RootFields = ["name", "entry", "variables", "services", "sites", "addons", "environments", "edge"];
    private static readonly string[] EnvironmentFields = ["variables", "services", "sites"];
    private static readonly string[] AddonTypes = ["postgres", "redis"];

    public static RunwayConfig Read(ConfigNode root, DiagnosticBag diagnostics)
    {
        var reader = new ObjectReader(root, "", ConfigSyntax.Toml, diagnostics, RootFields);
        var name = reader.String("name");
        if (name is not null && !RunwayPartReader.IsValidName(name))
        {
            diagnostics.Error(reader.Value("name")!.Location, $"name must hold letters, digits, - and _ only, start with a letter or digit, and be at most 63 characters (got \"{name}\")");
            name = null;
        }

        var entry = reader.String("entry");
        var config = new RunwayConfig(
            name,
            entry,
            entry is null ? null : reader.Value("entry")!.Location,
            reader.StringMap("variables") ?? ValueMap.Empty,
            ReadServices(reader),
            ReadSites(reader),
            ReadAddons(reader),
            ReadEnvironments(reader))
        {
            Edge = EdgeSectionReader.Read(reader),
        };
        reader.ReportUnknownFields();
        return config;
    }

    public static RunwayConfig? Parse(string text, string file, DiagnosticBag diagnostics) =>
        ConfigDocument.Parse(text, file, diagnostics) is { } root ? Read(root, diagnostics) : null;

    private static ValueList<RunwayServiceConfig> ReadServices(ObjectReader reader)
    {
        var services = new List<RunwayServiceConfig>();
        foreach (var (property, table) in reader.NamedTables("services", RunwayPartReader.ServiceFields))
        {
            var root = table.String("root") ?? ".";
            var layer = RunwayPartReader.ReadService(table);
            if (CheckName(reader, property, "service"))
            {
                services.Add(new RunwayServiceConfig(property.Key, root, layer, property.KeyLocation, table.Value("root")?.Location ?? property.KeyLocation));
            }
        }

        return services.ToValueList();
    }

    private static ValueList<RunwaySiteConfig> ReadSites(ObjectReader reader)
    {
        var sites = new List<RunwaySiteConfig>();
        foreach (var (property, table) in reader.NamedTables("sites", RunwayPartReader.SiteFields))
        {
            var root = table.String("root") ?? ".";
            var layer = RunwayPartReader.ReadSite(table);
            if (CheckName(reader, property, "site"))
            {
                sites.Add(new RunwaySiteConfig(property.Key, root, layer, property.KeyLocation, table.Value("root")?.Location ?? property.KeyLocation));
            }
        }

        return sites.ToValueList();
    }

    private static ValueList<RunwayAddonConfig> ReadAddons(ObjectReader reader)
    {
        var addons = new List<RunwayAddonConfig>();
        foreach (var (property, table) in reader.NamedTables("addons", []))
        {
            var type = table.OneOf("type", AddonTypes);
            if (type is null && table.Value("type") is null)
            {
                reader.Diagnostics.Error(property.KeyLocation, $"{table.Path} needs a type (one of {string.Join(", ", AddonTypes)})");
            }

            var settings = new List<KeyValuePair<string, string>>();
            foreach (var setting in table.Node.Properties.Where(p => p.Key is not ("type" or BackupsSectionReader.Key)))
            {
                if (setting.Value.ScalarText() is { } text)
                {
                    settings.Add(new(setting.Key, text));
                }
                else
                {
                    reader.Diagnostics.Warning(setting.KeyLocation, $"{table.FieldPath(setting.Key)} must be a string, number or boolean; it is ignored");
                }
            }

            var backups = BackupsSectionReader.Read(table);
            if (type is not null && CheckName(reader, property, "add-on"))
            {
                var kind = type == "postgres" ? AddonKind.Postgres : AddonKind.Redis;
                addons.Add(new RunwayAddonConfig(new AddonSpec(property.Key, kind, new ValueMap(settings)) { Backups = backups }, property.KeyLocation));
            }
        }

        return addons.ToValueList();
    }

    private static Dictionary<string, RunwayEnvironmentConfig> ReadEnvironments(ObjectReader reader)
    {
        var environments = new Dictionary<string, RunwayEnvironmentConfig>(StringComparer.Ordinal);
        foreach (var (property, table) in reader.NamedTables("environments", EnvironmentFields))
        {
            var services = new Dictionary<string, RunwayOverride>(StringComparer.Ordinal);
            foreach (var (service, fields) in table.NamedTables("services", RunwayPartReader.WithoutRoot(RunwayPartReader.ServiceFields)))
            {
                services[service.Key] = new RunwayOverride(RunwayPartReader.ReadService(fields), service.KeyLocation);
            }

            var sites = new Dictionary<string, RunwayOverride>(StringComparer.Ordinal);
            foreach (var (site, fields) in table.NamedTables("sites", RunwayPartReader.WithoutRoot(RunwayPartReader.SiteFields)))
            {
                sites[site.Key] = new RunwayOverride(RunwayPartReader.ReadSite(fields), site.KeyLocation);
            }

            environments[property.Key] = new RunwayEnvironmentConfig(table.StringMap("variables") ?? ValueMap.Empty, services, sites);
            table.ReportUnknownFields();
        }

        return environments;
    }

    private static bool CheckName(ObjectReader reader, ConfigProperty property, string what)
    {
        if (RunwayPartReader.IsValidName(property.Key))
        {
            return true;
        }

        reader.Diagnostics.Error(property.KeyLocation, $"{what} name \"{property.Key}\" is invalid: use letters, digits, - and _, starting with a letter or digit (at most 63 characters)");
        return false;
    }
}
