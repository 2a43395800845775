using System.Globalization;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Headers;
using Runway.Edge.Limits;
using Runway.Model;

namespace Runway.Edge.Hosting;

/// <summary>An app's <see cref="EdgeSettings"/> ready to run on each request, before the site or service answers it:
/// security headers, request limits, CORS and rate limits.</summary>
internal sealed class AppProtection
{
    private readonly SecurityHeaders? _securityHeaders;
    private readonly RequestLimits _limits;
    private readonly CorsPolicy? _cors;

    public AppProtection(EdgeSettings settings, RateLimitTable? rateLimits)
    {
        _securityHeaders = SecurityHeaders.For(settings.SecurityHeaders);
        _limits = new RequestLimits(settings.MaxRequestBodySize, settings.MaxRequestHeadersSize);
        _cors = settings.Cors is null ? null : new CorsPolicy(settings.Cors);
        RateLimits = rateLimits;
    }

    /// <summary>Kept across re-applies of the app while its rules stay the same, so counts survive a redeploy.</summary>
    public RateLimitTable? RateLimits { get; }

    /// <summary>Returns true when the edge answered the request itself (refused, preflight or rate limited).</summary>
    public async Task<bool> TryAnswerAsync(HttpContext context)
    {
        _securityHeaders?.Register(context);
        var refusal = _limits.Check(context);
        if (refusal != 0)
        {
            // The unread body would otherwise have to be drained before the connection could be used again.
            context.Response.Headers.Connection = "close";
            await WriteStatusAsync(context, refusal, refusal == StatusCodes.Status413PayloadTooLarge ? "413: PAYLOAD_TOO_LARGE" : "431: REQUEST_HEADER_FIELDS_TOO_LARGE");
            return true;
        }

        if (_cors is not null && _cors.TryAnswerPreflight(context))
        {
            return true;
        }

        if (RateLimits?.Match(context.Request.Path.Value ?? "/") is { } rule)
        {
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
            var decision = RateLimits.Acquire(rule, client);
            WriteRateLimitHeaders(context.Response.Headers, decision);
            if (!decision.Allowed)
            {
                context.Response.Headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteStatusAsync(context, StatusCodes.Status429TooManyRequests, "429: TOO_MANY_REQUESTS");
                return true;
            }
        }

        return false;
    }

    /// <summary>draft-ietf-httpapi-ratelimit-headers: limit, remaining quota, seconds until the quota resets, and the policy.</summary>
    private static void WriteRateLimitHeaders(IHeaderDictionary headers, RateLimitDecision decision)
    {
        headers["RateLimit-Limit"] = decision.Rule.Requests.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = Math.Max(0, decision.Remaining).ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"{decision.Rule.Requests};w={(long)decision.Rule.Window.TotalSeconds}");
    }

    private static async Task WriteStatusAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
