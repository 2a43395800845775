using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Runway.Edge.Limits;

/// <summary>An app's request size limits: 413 for a body above the limit (RFC 9110 §15.5.14), 431 for headers above it (RFC 6585 §5).</summary>
internal sealed class RequestLimits(long? maxBodySize, long? maxHeadersSize)
{
    /// <summary>Returns the status to refuse the request with, or 0 to let it through (with the body limit enforced while reading).</summary>
    public int Check(HttpContext context)
    {
        if (maxHeadersSize is { } headerLimit && HeadersSize(context.Request.Headers) > headerLimit)
        {
            return StatusCodes.Status431RequestHeaderFieldsTooLarge;
        }

        if (maxBodySize is { } bodyLimit)
        {
            if (context.Request.ContentLength > bodyLimit)
            {
                return StatusCodes.Status413PayloadTooLarge;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = bodyLimit;
            }
        }

        return 0;
    }

    /// <summary>Counted as Kestrel counts: name and value lengths of every header line.</summary>
    private static long HeadersSize(IHeaderDictionary headers)
    {
        long size = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                size += name.Length + (value?.Length ?? 0);
            }
        }

        return size;
    }
}
