using System.Text;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>Header names read off the wire as strings, without allocating one for the names responses usually carry.</summary>
internal static class Http1HeaderNames
{
    private static readonly string[] Common =
    [
        HeaderNames.AcceptRanges, HeaderNames.AccessControlAllowCredentials, HeaderNames.AccessControlAllowHeaders,
        HeaderNames.AccessControlAllowMethods, HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlExposeHeaders,
        HeaderNames.AccessControlMaxAge, HeaderNames.Age, HeaderNames.Allow, HeaderNames.CacheControl, HeaderNames.Connection,
        HeaderNames.ContentDisposition, HeaderNames.ContentEncoding, HeaderNames.ContentLanguage, HeaderNames.ContentLength,
        HeaderNames.ContentLocation, HeaderNames.ContentRange, HeaderNames.ContentSecurityPolicy, HeaderNames.ContentType, HeaderNames.Date,
        HeaderNames.ETag, HeaderNames.Expires, HeaderNames.KeepAlive, HeaderNames.LastModified, HeaderNames.Link, HeaderNames.Location,
        HeaderNames.Pragma, HeaderNames.RetryAfter, HeaderNames.Server, HeaderNames.SetCookie, HeaderNames.StrictTransportSecurity,
        HeaderNames.TransferEncoding, HeaderNames.Vary, HeaderNames.Via, HeaderNames.WWWAuthenticate, HeaderNames.XContentTypeOptions,
        HeaderNames.XFrameOptions, HeaderNames.XPoweredBy, HeaderNames.XXSSProtection, "Referrer-Policy", "X-Request-Id",
    ];

    // The common names by length: a name off the wire is compared only with those as long as it.
    private static readonly string[][] CommonByLength = Enumerable.Range(0, Common.Max(name => name.Length) + 1)
        .Select(length => Common.Where(name => name.Length == length).ToArray())
        .ToArray();

    /// <summary>True when the field name is <paramref name="known"/>, ignoring ASCII case.</summary>
    public static bool Is(ReadOnlySpan<byte> name, string known) => Ascii.EqualsIgnoreCase(name, known);

    /// <summary>The name as a string: the shared one for a common name (in its usual spelling), otherwise a new one as sent.</summary>
    public static string ToName(ReadOnlySpan<byte> name)
    {
        if (name.Length < CommonByLength.Length)
        {
            foreach (var known in CommonByLength[name.Length])
            {
                if (Ascii.EqualsIgnoreCase(name, known))
                {
                    return known;
                }
            }
        }

        return Encoding.ASCII.GetString(name);
    }
}
