namespace Runway.Model;

/// <summary>How the edge protects an app (runway.toml <c>[edge]</c>): security headers, rate limits, CORS and request limits.</summary>
public sealed record EdgeSettings
{
    public static EdgeSettings Default { get; } = new();

    /// <summary>Which set of security headers every response gets unless it sets them itself.</summary>
    public SecurityHeaderPreset SecurityHeaders { get; init; } = SecurityHeaderPreset.Default;

    /// <summary>Per-client-IP limits by path prefix; the most specific prefix that matches a request applies.</summary>
    public ValueList<RateLimitRule> RateLimits { get; init; } = ValueList<RateLimitRule>.Empty;

    /// <summary>Cross-origin access, or null to add no CORS headers.</summary>
    public CorsSettings? Cors { get; init; }

    /// <summary>Largest request body in bytes (413 above it), or null for the edge's default.</summary>
    public long? MaxRequestBodySize { get; init; }

    /// <summary>Largest total size of the request headers in bytes (431 above it), or null for the edge's default.</summary>
    public long? MaxRequestHeadersSize { get; init; }
}

/// <summary>A named set of security headers.</summary>
public enum SecurityHeaderPreset
{
    Default,
    Strict,
    Off,
}

/// <summary>At most <paramref name="Requests"/> requests per client IP in each <paramref name="Window"/> for paths under <paramref name="PathPrefix"/>.</summary>
public sealed record RateLimitRule(string PathPrefix, int Requests, TimeSpan Window);

/// <summary>Which origins may call the app from a browser, with which methods, and whether with credentials.</summary>
public sealed record CorsSettings(ValueList<string> Origins, ValueList<string> Methods, bool Credentials)
{
    /// <summary>Request headers a preflight may ask for; empty allows whatever the preflight asks.</summary>
    public ValueList<string> Headers { get; init; } = ValueList<string>.Empty;

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);
}
