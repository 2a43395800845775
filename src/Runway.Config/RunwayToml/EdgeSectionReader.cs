using System.Globalization;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>Reads runway.toml's <c>[edge]</c> table: security header preset, rate limits by path prefix, CORS and request limits.</summary>
internal static class EdgeSectionReader
{
    private static readonly string[] EdgeFields = ["securityHeaders", "rateLimits", "cors", "limits"];
    private static readonly string[] RateLimitFields = ["path", "requests", "window"];
    private static readonly string[] CorsFields = ["origins", "methods", "headers", "credentials", "maxAge"];
    private static readonly string[] LimitFields = ["maxRequestBodySize", "maxRequestHeadersSize"];
    private static readonly string[] Presets = ["default", "strict", "off"];

    public static EdgeSettings Read(ObjectReader root)
    {
        var edge = root.Table("edge", EdgeFields);
        if (edge is null)
        {
            return EdgeSettings.Default;
        }

        var preset = edge.OneOf("securityHeaders", Presets) switch
        {
            "strict" => SecurityHeaderPreset.Strict,
            "off" => SecurityHeaderPreset.Off,
            _ => SecurityHeaderPreset.Default,
        };
        var limits = edge.Table("limits", LimitFields);
        var settings = new EdgeSettings
        {
            SecurityHeaders = preset,
            RateLimits = ReadRateLimits(edge),
            Cors = edge.Table("cors", CorsFields) is { } cors ? ReadCors(cors) : null,
            MaxRequestBodySize = limits is null ? null : Size(limits, "maxRequestBodySize"),
            MaxRequestHeadersSize = limits is null ? null : Size(limits, "maxRequestHeadersSize"),
        };
        limits?.ReportUnknownFields();
        edge.ReportUnknownFields();
        return settings;
    }

    private static ValueList<RateLimitRule> ReadRateLimits(ObjectReader edge)
    {
        var value = edge.Value("rateLimits");
        if (value is null)
        {
            return ValueList<RateLimitRule>.Empty;
        }

        if (value.Kind != ConfigNodeKind.Array)
        {
            return edge.Invalid<ValueList<RateLimitRule>>("rateLimits", value, "an array of tables ([[edge.rateLimits]])");
        }

        var rules = new List<RateLimitRule>();
        for (var i = 0; i < value.Items.Count; i++)
        {
            var item = value.Items[i];
            var key = $"rateLimits[{i}]";
            if (item.Kind != ConfigNodeKind.Object)
            {
                edge.Invalid<int>(key, item, edge.TableWord);
                continue;
            }

            var table = new ObjectReader(item, edge.FieldPath(key), edge.Syntax, edge.Diagnostics, RateLimitFields);
            var path = table.String("path");
            if (path is not null && !path.StartsWith('/'))
            {
                table.Diagnostics.Error(table.Value("path")!.Location, $"{table.FieldPath("path")} must be a path prefix starting with / (got \"{path}\")");
                path = null;
            }

            var requests = table.Integer("requests", minimum: 1);
            var window = Duration(table, "window");
            RequireAll(table, item, ("path", path), ("requests", requests), ("window", window));
            if (path is not null && requests is not null && window is not null)
            {
                rules.Add(new RateLimitRule(path, requests.Value, window.Value));
            }

            table.ReportUnknownFields();
        }

        return rules.ToValueList();
    }

    private static void RequireAll(ObjectReader table, ConfigNode node, params (string Key, object? Read)[] fields)
    {
        foreach (var (key, read) in fields)
        {
            if (read is null && table.Value(key) is null)
            {
                table.Diagnostics.Error(node.Location, $"{table.Path} needs {key} (e.g. path = \"/api/\", requests = 100, window = \"15m\")");
            }
        }
    }

    private static CorsSettings? ReadCors(ObjectReader cors)
    {
        var origins = cors.StringArray("origins") ?? ValueList<string>.Empty;
        var valid = true;
        foreach (var origin in origins)
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                cors.Diagnostics.Error(cors.Value("origins")!.Location, $"{cors.FieldPath("origins")} holds \"{origin}\", which is not an origin; write scheme://host[:port] without a path, or \"*\"");
                valid = false;
            }
        }

        var credentials = cors.Boolean("credentials") ?? false;
        if (credentials && origins.Contains("*"))
        {
            // Fetch standard: "*" is not honoured for requests with credentials.
            cors.Diagnostics.Error(cors.Value("credentials")!.Location, $"{cors.FieldPath("credentials")} = true cannot be combined with origins = [\"*\"]; list the allowed origins");
            valid = false;
        }

        var methods = (cors.StringArray("methods") ?? ValueList<string>.Empty).Select(m => m.ToUpperInvariant()).ToValueList();
        var headers = cors.StringArray("headers") ?? ValueList<string>.Empty;
        var maxAge = Duration(cors, "maxAge");
        cors.ReportUnknownFields();
        if (origins.IsEmpty && cors.Value("origins") is null)
        {
            cors.Diagnostics.Error(cors.Node.Location, $"{cors.Path} needs origins (e.g. origins = [\"https://app.example.com\"])");
            return null;
        }

        return valid ? new CorsSettings(origins, methods, credentials) { Headers = headers, MaxAge = maxAge ?? TimeSpan.FromMinutes(10) } : null;
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/" && !text.EndsWith('/') && uri.UserInfo.Length == 0;

    /// <summary>A duration: a whole number of seconds, or a number with a unit s, m, h or d ("15m").</summary>
    internal static TimeSpan? Duration(ObjectReader table, string key)
    {
        var value = table.Value(key);
        if (value is null)
        {
            return null;
        }

        const string Expected = "a duration such as \"30s\", \"15m\", \"1h\" or \"1d\" (or a number of seconds)";
        var seconds = value.Kind switch
        {
            ConfigNodeKind.Integer => value.Integer,
            ConfigNodeKind.String => ParseWithUnit(value.Text, [("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]),
            _ => null,
        };
        if (seconds is null or <= 0 or > 7 * 86400)
        {
            return table.Invalid<TimeSpan?>(key, value, Expected + " between 1s and 7d");
        }

        return TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>A size: a whole number of bytes, or a number with a unit B, KB, MB or GB (powers of 1024, "10MB").</summary>
    internal static long? Size(ObjectReader table, string key)
    {
        var value = table.Value(key);
        if (value is null)
        {
            return null;
        }

        var bytes = value.Kind switch
        {
            ConfigNodeKind.Integer => value.Integer,
            ConfigNodeKind.String => ParseWithUnit(value.Text.ToUpperInvariant(), [("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1)]),
            _ => null,
        };
        if (bytes is null or <= 0)
        {
            return table.Invalid<long?>(key, value, "a size such as \"10MB\", \"32KB\" or a number of bytes, above 0");
        }

        return bytes;
    }

    private static long? ParseWithUnit(string text, (string Unit, long Factor)[] units)
    {
        var trimmed = text.Trim();
        foreach (var (unit, factor) in units)
        {
            if (trimmed.EndsWith(unit, StringComparison.Ordinal)
                && long.TryParse(trimmed[..^unit.Length].TrimEnd(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number <= long.MaxValue / factor)
            {
                return number * factor;
            }
        }

        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }
}
