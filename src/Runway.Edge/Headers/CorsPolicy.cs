using System.Globalization;
using Microsoft.AspNetCore.Http;
using Runway.Model;

namespace Runway.Edge.Headers;

/// <summary>CORS at the edge (Fetch standard, "CORS protocol"): preflights from allowed origins are answered here and others
/// refused; actual responses to allowed origins get Access-Control-Allow-Origin just before they start, unless the response
/// (the upstream, a vercel.json header rule) already answers CORS itself. Other origins get no CORS headers.</summary>
internal sealed class CorsPolicy(CorsSettings settings)
{
    private readonly HashSet<string> _origins = new(settings.Origins, StringComparer.OrdinalIgnoreCase);
    private readonly string _methods = string.Join(", ", settings.Methods.IsEmpty ? ["GET", "HEAD", "POST"] : settings.Methods);
    private readonly string? _headers = settings.Headers.IsEmpty ? null : string.Join(", ", settings.Headers);
    private readonly string _maxAge = ((long)settings.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private bool AllowsAnyOrigin => _origins.Contains("*");

    /// <summary>Answers a preflight and returns true, or arranges the CORS headers of the actual response and returns false.</summary>
    public bool TryAnswerPreflight(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        var isPreflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");
        var allowed = AllowsAnyOrigin || _origins.Contains(origin);
        if (!isPreflight)
        {
            context.Response.OnStarting(static state =>
            {
                var (self, context, origin, allowed) = ((CorsPolicy, HttpContext, string, bool))state;
                self.AddToResponse(context.Response.Headers, origin, allowed);
                return Task.CompletedTask;
            }, (this, context, origin, allowed));
            return false;
        }

        var headers = context.Response.Headers;
        AddToResponse(headers, origin, allowed);
        if (!allowed)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return true;
        }

        headers.AccessControlAllowMethods = _methods;
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        if ((_headers ?? requested).Length > 0)
        {
            headers.AccessControlAllowHeaders = _headers ?? requested;
        }

        headers.AccessControlMaxAge = _maxAge;
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }

    private void AddToResponse(IHeaderDictionary headers, string origin, bool allowed)
    {
        // The answer depends on Origin, so caches must keep one copy per origin.
        if (!headers.Vary.Any(v => v is not null && v.Split(',').Any(p => p.Trim().Equals("Origin", StringComparison.OrdinalIgnoreCase))))
        {
            headers.Append("Vary", "Origin");
        }

        if (!allowed || headers.ContainsKey("Access-Control-Allow-Origin"))
        {
            return;
        }

        // With credentials the origin must be echoed, never "*".
        headers.AccessControlAllowOrigin = AllowsAnyOrigin && !settings.Credentials ? "*" : origin;
        if (settings.Credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }
}
