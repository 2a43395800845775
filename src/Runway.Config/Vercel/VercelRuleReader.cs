using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Vercel;

/// <summary>Reads vercel.json's <c>redirects</c>, <c>rewrites</c> and <c>headers</c> (Vercel's routing-utils schemas).</summary>
internal static class VercelRuleReader
{
    public const int MaxRules = 2048;
    public const int MaxPatternLength = 4096;
    private const int MaxHeaders = 1024;

    private static readonly string[] RedirectFields = ["source", "destination", "permanent", "statusCode", "has", "missing", "env"];
    private static readonly string[] RewriteFields = ["source", "destination", "statusCode", "has", "missing", "env", "respectOriginCacheControl"];
    private static readonly string[] HeaderRuleFields = ["source", "headers", "has", "missing"];
    private static readonly string[] HeaderFields = ["key", "value"];

    public static ValueList<VercelRedirect> Redirects(ObjectReader root)
    {
        var rules = new List<VercelRedirect>();
        foreach (var rule in Rules(root, "redirects", RedirectFields))
        {
            var source = Pattern(rule, "source");
            var destination = Pattern(rule, "destination");
            var permanent = rule.Boolean("permanent");
            var statusCode = rule.Integer("statusCode", 100, 999);
            if (rule.Value("permanent") is not null && rule.Value("statusCode") is not null)
            {
                rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} cannot define both permanent and statusCode; keep one");
                continue;
            }

            // Vercel: permanent true → 308, false → 307, else statusCode, default 308.
            var status = permanent switch
            {
                true => 308,
                false => 307,
                null => statusCode ?? 308,
            };
            WarnUnusedEnv(rule);
            var has = VercelConditionReader.Read(rule, "has");
            var missing = VercelConditionReader.Read(rule, "missing");
            if (source is not null && destination is not null && has is { } h && missing is { } m)
            {
                rules.Add(new VercelRedirect(source, destination, status, h, m, rule.Node.Location));
            }
        }

        return rules.ToValueList();
    }

    public static ValueList<VercelRewrite> Rewrites(ObjectReader root)
    {
        var rules = new List<VercelRewrite>();
        foreach (var rule in Rules(root, "rewrites", RewriteFields))
        {
            var source = Pattern(rule, "source");
            var destination = Pattern(rule, "destination");
            var statusCode = rule.Integer("statusCode", 100, 999);
            _ = rule.Boolean("respectOriginCacheControl");
            WarnUnusedEnv(rule);
            var has = VercelConditionReader.Read(rule, "has");
            var missing = VercelConditionReader.Read(rule, "missing");
            if (source is not null && destination is not null && has is { } h && missing is { } m)
            {
                rules.Add(new VercelRewrite(source, destination, statusCode, h, m, rule.Node.Location));
            }
        }

        return rules.ToValueList();
    }

    public static ValueList<VercelHeaderRule> Headers(ObjectReader root)
    {
        var rules = new List<VercelHeaderRule>();
        foreach (var rule in Rules(root, "headers", HeaderRuleFields))
        {
            var source = Pattern(rule, "source");
            var headers = HeaderList(rule);
            var has = VercelConditionReader.Read(rule, "has");
            var missing = VercelConditionReader.Read(rule, "missing");
            if (source is not null && headers is { } list && has is { } h && missing is { } m)
            {
                rules.Add(new VercelHeaderRule(source, list, h, m, rule.Node.Location));
            }
        }

        return rules.ToValueList();
    }

    /// <summary>The objects of a rules section (at most 2048), each with its own field checks.</summary>
    public static IEnumerable<ObjectReader> Rules(ObjectReader root, string section, IReadOnlyCollection<string> fields)
    {
        var list = root.Value(section);
        if (list is null)
        {
            yield break;
        }

        if (list.Kind != ConfigNodeKind.Array)
        {
            root.Invalid<int>(section, list, "an array of rules");
            yield break;
        }

        if (list.Items.Count > MaxRules)
        {
            root.Diagnostics.Error(list.Location, $"{section} has {list.Items.Count} rules; Vercel allows at most {MaxRules}");
            yield break;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (item.Kind != ConfigNodeKind.Object)
            {
                root.Diagnostics.Error(item.Location, $"{section}[{i}] must be an object (got {item.Describe(ConfigSyntax.Json)})");
                continue;
            }

            var rule = new ObjectReader(item, $"{section}[{i}]", root.Syntax, root.Diagnostics, fields);
            rule.ReportUnknownFields();
            yield return rule;
        }
    }

    /// <summary>A required source or destination: a string of at most 4096 characters.</summary>
    public static string? Pattern(ObjectReader rule, string key)
    {
        var value = rule.Value(key);
        if (value is null)
        {
            rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} needs a {key}");
            return null;
        }

        var text = rule.String(key);
        if (text is not null && text.Length > MaxPatternLength)
        {
            rule.Diagnostics.Error(value.Location, $"{rule.FieldPath(key)} is {text.Length} characters long; Vercel allows at most {MaxPatternLength}");
            return null;
        }

        return text;
    }

    public static void WarnUnusedEnv(ObjectReader rule)
    {
        if (rule.Value("env") is not null)
        {
            rule.Warn("env", "is not supported yet; variables are not substituted in this rule");
        }
    }

    private static ValueList<KeyValuePair<string, string>>? HeaderList(ObjectReader rule)
    {
        var list = rule.Value("headers");
        if (list is null)
        {
            rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} needs headers (an array of {{ \"key\", \"value\" }} objects)");
            return null;
        }

        if (list.Kind != ConfigNodeKind.Array)
        {
            return rule.Invalid<ValueList<KeyValuePair<string, string>>?>("headers", list, "an array of { \"key\", \"value\" } objects");
        }

        if (list.Items.Count > MaxHeaders)
        {
            rule.Diagnostics.Error(list.Location, $"{rule.FieldPath("headers")} has {list.Items.Count} items; Vercel allows at most {MaxHeaders}");
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        var valid = true;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var path = $"{rule.FieldPath("headers")}[{i}]";
            if (item.Kind != ConfigNodeKind.Object)
            {
                rule.Diagnostics.Error(item.Location, $"{path} must be an object with key and value (got {item.Describe(ConfigSyntax.Json)})");
                valid = false;
                continue;
            }

            var header = new ObjectReader(item, path, rule.Syntax, rule.Diagnostics, HeaderFields);
            header.ReportUnknownFields();
            var key = header.String("key");
            var value = header.String("value");
            if (key is null || value is null)
            {
                if (header.Value("key") is null || header.Value("value") is null)
                {
                    rule.Diagnostics.Error(item.Location, $"{path} needs both key and value");
                }

                valid = false;
                continue;
            }

            headers.Add(new(key, value));
        }

        return valid ? headers.ToValueList() : default(ValueList<KeyValuePair<string, string>>?);
    }
}
