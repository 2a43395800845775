using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.StaticFiles;

internal enum PreconditionOutcome
{
    Proceed,
    NotModified,
    Failed,
}

/// <summary>Evaluates conditional request fields in the order RFC 9110 §13.2.2 prescribes.</summary>
internal static class Preconditions
{
    public static PreconditionOutcome Evaluate(IHeaderDictionary request, string etag, FileEntry entry)
    {
        // 1. If-Match: the representation must match (strong comparison, §13.1.1); "*" matches any existing one.
        var ifMatch = request.IfMatch;
        if (ifMatch.Count > 0)
        {
            if (!EntityTagList.Matches(ifMatch, etag, weakComparison: false))
            {
                return PreconditionOutcome.Failed;
            }
        }

        // 2. If-Unmodified-Since, only without If-Match (§13.1.4); an invalid date is ignored.
        else if (TryParseDate(request.IfUnmodifiedSince, entry, out var unmodifiedSince) && entry.LastModified > unmodifiedSince)
        {
            return PreconditionOutcome.Failed;
        }

        // 3. If-None-Match (weak comparison, §13.1.2): a match means 304 for GET/HEAD (the only methods served here).
        var ifNoneMatch = request.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            return EntityTagList.Matches(ifNoneMatch, etag, weakComparison: true) ? PreconditionOutcome.NotModified : PreconditionOutcome.Proceed;
        }

        // 4. If-Modified-Since, only without If-None-Match (§13.1.3).
        if (TryParseDate(request.IfModifiedSince, entry, out var modifiedSince) && entry.LastModified <= modifiedSince)
        {
            return PreconditionOutcome.NotModified;
        }

        return PreconditionOutcome.Proceed;
    }

    /// <summary>If-Range (§13.1.5): an entity tag must match strongly; a date must equal Last-Modified exactly.</summary>
    public static bool IfRangeAllows(StringValues ifRange, FileEntry entry)
    {
        if (ifRange.Count == 0)
        {
            return true;
        }

        if (ifRange.Count > 1)
        {
            return false;
        }

        var value = ifRange[0].AsSpan().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal) || value.StartsWith('"'))
        {
            return EntityTagList.Matches(ifRange, entry.Identity.ETag.ToString(), weakComparison: false);
        }

        return TryParseDate(ifRange, entry, out var date) && date == entry.LastModified;
    }

    private static bool TryParseDate(StringValues field, FileEntry entry, out DateTimeOffset date)
    {
        date = default;
        if (field.Count != 1)
        {
            return false;
        }

        var text = field[0];
        if (string.Equals(text, entry.LastModifiedText.ToString(), StringComparison.Ordinal))
        {
            date = entry.LastModified;
            return true;
        }

        return HeaderUtilities.TryParseDate(new StringSegment(text), out date);
    }
}
