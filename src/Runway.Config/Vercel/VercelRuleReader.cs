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
    private static readonly VercelListShape HeaderShape = new("an array of { \"key\", \"value\" } objects", "items", "an object with key and value", MaxHeaders, ["key", "value"]);

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
    public static IEnumerable<ObjectReader> Rules(ObjectReader root, string section, IReadOnlyCollection<string> fields) =>
        VercelLists.Objects(root, section, new VercelListShape("an array of rules", "rules", "an object", MaxRules, fields)).OfType<ObjectReader>();

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
        return text is not null && VercelLists.WithinLength(rule, key, text, MaxPatternLength) ? text : null;
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
        if (rule.Value("headers") is null)
        {
            rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} needs headers (an array of {{ \"key\", \"value\" }} objects)");
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        var valid = true;
        foreach (var header in VercelLists.Objects(rule, "headers", HeaderShape))
        {
            var key = header?.String("key");
            var value = header?.String("value");
            if (header is null || key is null || value is null)
            {
                if (header is not null && (header.Value("key") is null || header.Value("value") is null))
                {
                    rule.Diagnostics.Error(header.Node.Location, $"{header.Path} needs both key and value");
                }

                valid = false;
                continue;
            }

            headers.Add(new(key, value));
        }

        return valid ? headers.ToValueList() : default(ValueList<KeyValuePair<string, string>>?);
    }
}
