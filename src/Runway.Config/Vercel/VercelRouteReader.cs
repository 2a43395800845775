using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Vercel;

/// <summary>
/// Reads the legacy <c>routes</c> section with the checks of Vercel's <c>normalizeRoutes</c> (routing-utils):
/// <c>src</c>/<c>source</c> aliases, <c>handle</c> phases, a valid regex, and the rules after <c>handle: hit</c>/<c>miss</c>.
/// </summary>
internal static class VercelRouteReader
{
    // Vercel's handle values.
    private static readonly string[] Handles = ["filesystem", "hit", "miss", "rewrite", "error", "resource"];

    private static readonly string[] Supported =
    [
        "src", "source", "dest", "destination", "headers", "methods", "continue", "check", "status", "statusCode", "has", "missing", "handle",
    ];

    private static readonly string[] NotSupported = ["caseSensitive", "locale", "middleware", "middlewarePath", "middlewareRawSrc", "mitigate", "transforms", "env"];

    private static readonly string[] Internal = ["important", "override", "user", "isInternal", "respectOriginCacheControl"];

    private static readonly string[] Fields = [.. Supported, .. NotSupported, .. Internal];

    public static ValueList<VercelRoute> Routes(ObjectReader root)
    {
        var routes = new List<VercelRoute>();
        var handled = new List<string>();
        foreach (var rule in VercelRuleReader.Rules(root, "routes", Fields))
        {
            var route = rule.Value("handle") is not null ? Handle(rule, handled) : Route(rule, handled.LastOrDefault());
            if (route is not null)
            {
                routes.Add(route);
            }
        }

        return routes.ToValueList();
    }

    private static VercelRoute? Handle(ObjectReader rule, List<string> handled)
    {
        var extra = rule.Node.Properties.FirstOrDefault(p => p.Key != "handle");
        if (extra is not null)
        {
            rule.Diagnostics.Error(extra.KeyLocation, $"{rule.Path} is a handle route and cannot have {extra.Key}; put it in its own route");
            return null;
        }

        var handle = rule.OneOf("handle", Handles);
        if (handle is null)
        {
            return null;
        }

        if (handled.Contains(handle))
        {
            rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} repeats handle \"{handle}\"; use each handle at most once");
            return null;
        }

        handled.Add(handle);
        return new VercelRoute(null, null, null, ValueList<KeyValuePair<string, string>>.Empty, ValueList<string>.Empty, false, handle,
            ValueList<VercelCondition>.Empty, ValueList<VercelCondition>.Empty, rule.Node.Location);
    }

    private static VercelRoute? Route(ObjectReader rule, string? phase)
    {
        var diagnostics = rule.Diagnostics;
        var errors = diagnostics.ErrorCount;
        var source = Alias(rule, "src", "source");
        var destination = Alias(rule, "dest", "destination");
        int? status = null;
        if (rule.Value("status") is not null && rule.Value("statusCode") is not null)
        {
            ReportBoth(rule, "status", "statusCode");
        }
        else
        {
            status = rule.Integer("status", 100, 999) ?? rule.Integer("statusCode", 100, 999);
        }
        var isContinue = rule.Boolean("continue") ?? false;
        var check = rule.Boolean("check") ?? false;
        var methods = rule.StringArray("methods") ?? ValueList<string>.Empty;
        var headers = HeaderMap(rule);
        var has = VercelConditionReader.Read(rule, "has");
        var missing = VercelConditionReader.Read(rule, "missing");
        foreach (var key in NotSupported.Where(k => rule.Value(k) is not null))
        {
            rule.Warn(key, "is not supported yet; it is ignored");
        }

        if (source is null)
        {
            if (rule.Value("src") is null && rule.Value("source") is null)
            {
                diagnostics.Error(rule.Node.Location, $"{rule.Path} must define src (a regular expression) or handle");
            }

            return null;
        }

        source = Normalize(source);
        CheckRegex(rule, source);
        CheckPhaseRules(rule, phase, destination, status, isContinue, check);
        if (diagnostics.ErrorCount > errors || has is not { } h || missing is not { } m || headers is not { } hs)
        {
            return null;
        }

        return new VercelRoute(source, destination, status, hs, methods, isContinue, null, h, m, rule.Node.Location) { Check = check };
    }

    // Vercel's normalizeRoutes: src always starts with ^ and ends with $, and \/ is read as /.
    private static string Normalize(string source)
    {
        if (!source.StartsWith('^'))
        {
            source = "^" + source;
        }

        if (!source.EndsWith('$'))
        {
            source += "$";
        }

        return source.Replace("\\/", "/", StringComparison.Ordinal);
    }

    private static void CheckRegex(ObjectReader rule, string source)
    {
        try
        {
            _ = new Regex(source, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException exception)
        {
            var key = rule.Value("src") is not null ? "src" : "source";
            rule.Diagnostics.Error(rule.Value(key)!.Location, $"{rule.FieldPath(key)} is not a valid regular expression: {exception.Message}");
        }
    }

    private static void CheckPhaseRules(ObjectReader rule, string? phase, string? destination, int? status, bool isContinue, bool check)
    {
        var location = rule.Node.Location;
        if (phase == "hit")
        {
            if (destination is not null || status is not null)
            {
                rule.Diagnostics.Error(location, $"{rule.Path} comes after handle: hit and cannot define dest or status");
            }

            if (!isContinue)
            {
                rule.Diagnostics.Error(location, $"{rule.Path} comes after handle: hit and must set continue: true");
            }
        }
        else if (phase == "miss")
        {
            if (destination is not null && !check)
            {
                rule.Diagnostics.Error(location, $"{rule.Path} comes after handle: miss and must set check: true");
            }
            else if (destination is null && !isContinue)
            {
                rule.Diagnostics.Error(location, $"{rule.Path} comes after handle: miss and must set continue: true");
            }
        }
    }

    private static string? Alias(ObjectReader rule, string name, string alias)
    {
        if (rule.Value(name) is not null && rule.Value(alias) is not null)
        {
            ReportBoth(rule, name, alias);
            return null;
        }

        var key = rule.Value(name) is not null ? name : alias;
        var text = rule.String(key);
        return text is not null && VercelLists.WithinLength(rule, key, text, VercelRuleReader.MaxPatternLength) ? text : null;
    }

    private static void ReportBoth(ObjectReader rule, string name, string alias) =>
        rule.Diagnostics.Error(rule.Node.Location, $"{rule.Path} cannot define both {name} and {alias}; use one");

    private static ValueList<KeyValuePair<string, string>>? HeaderMap(ObjectReader rule)
    {
        var table = rule.Table("headers", []);
        if (table is null)
        {
            return rule.Value("headers") is null ? ValueList<KeyValuePair<string, string>>.Empty : default(ValueList<KeyValuePair<string, string>>?);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var property in table.Node.Properties)
        {
            if (property.Value.Kind != ConfigNodeKind.String)
            {
                table.Invalid<int>(property.Key, property.Value, "a string");
                return null;
            }

            headers.Add(new(property.Key, property.Value.Text));
        }

        return headers.ToValueList();
    }
}
