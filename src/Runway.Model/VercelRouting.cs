namespace Runway.Model;

/// <summary>vercel.json's routing sections as written; the edge compiles them into Vercel's route order.</summary>
public sealed record VercelRouting(
    bool CleanUrls,
    bool? TrailingSlash,
    ValueList<VercelRoute> Routes,
    ValueList<VercelRedirect> Redirects,
    ValueList<VercelHeaderRule> Headers,
    ValueList<VercelRewrite> Rewrites)
{
    public static VercelRouting None { get; } = new(false, null, ValueList<VercelRoute>.Empty, ValueList<VercelRedirect>.Empty, ValueList<VercelHeaderRule>.Empty, ValueList<VercelRewrite>.Empty);
}

/// <summary>A <c>has</c>/<c>missing</c> item: type host, header, cookie or query; Value is a regex (null: presence only).</summary>
public sealed record VercelCondition(string Type, string? Key, string? Value);

/// <summary>A <c>redirects</c> entry; StatusCode resolved from permanent (308/307) or statusCode (default 308).</summary>
public sealed record VercelRedirect(
    string Source,
    string Destination,
    int StatusCode,
    ValueList<VercelCondition> Has,
    ValueList<VercelCondition> Missing,
    SourceLocation Location);

/// <summary>A <c>rewrites</c> entry.</summary>
public sealed record VercelRewrite(
    string Source,
    string Destination,
    int? StatusCode,
    ValueList<VercelCondition> Has,
    ValueList<VercelCondition> Missing,
    SourceLocation Location);

/// <summary>A <c>headers</c> entry.</summary>
public sealed record VercelHeaderRule(
    string Source,
    ValueList<KeyValuePair<string, string>> Headers,
    ValueList<VercelCondition> Has,
    ValueList<VercelCondition> Missing,
    SourceLocation Location);

/// <summary>A legacy <c>routes</c> entry (src is a plain regex), or a <c>handle</c> phase marker.</summary>
public sealed record VercelRoute(
    string? Source,
    string? Destination,
    int? Status,
    ValueList<KeyValuePair<string, string>> Headers,
    ValueList<string> Methods,
    bool Continue,
    string? Handle,
    ValueList<VercelCondition> Has,
    ValueList<VercelCondition> Missing,
    SourceLocation Location)
{
    public bool Check { get; init; }
}
