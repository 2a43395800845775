using System.Globalization;
using Microsoft.AspNetCore.Http;
using Runway.Model;

namespace Runway.Edge.Headers;

/// <summary>CORS at the edge (Fetch standard, "CORS protocol"): preflights from allowed origins are answered here,
/// actual responses to allowed origins get Access-Control-Allow-Origin; other origins get no CORS headers.</summary>
internal sealed class CorsPolicy(CorsSettings settings)
{
    private readonly HashSet<string> _origins = new(settings.Origins, StringComparer.OrdinalIgnoreCase);
    private readonly string _methods = string.Join(", ", settings.Methods.IsEmpty ? ["GET", "HEAD", "POST"] : settings.Methods);
    private readonly string? _headers = settings.Headers.IsEmpty ? null : string.Join(", ", settings.Headers);
    private readonly string _maxAge = ((long)settings.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private bool AllowsAnyOrigin => _origins.Contains("*");

    /// <summary>Answers a preflight and returns true, or adds the CORS headers the response will need and returns false.</summary>
    public bool TryAnswerPreflight(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var isPreflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");
        if (origin.Length == 0)
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.Append("Vary", "Origin");
        if (!AllowsAnyOrigin && !_origins.Contains(origin))
        {
            if (isPreflight)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return true;
            }

            return false;
        }

        // With credentials the origin must be echoed, never "*".
        headers.AccessControlAllowOrigin = AllowsAnyOrigin && !settings.Credentials ? "*" : origin;
        if (settings.Credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (!isPreflight)
        {
            return false;
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
}
