using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>Matches an If-Match / If-None-Match field (a list of entity tags, or <c>*</c>) against one ETag,
/// without allocating (RFC 9110 §8.8.3.2 comparison, §13.1.1, §13.1.2).</summary>
internal static class EntityTagList
{
    /// <param name="values">The field's values.</param>
    /// <param name="etag">The representation's strong ETag, quotes included.</param>
    /// <param name="weakComparison">True for If-None-Match (tags match when their opaque parts are equal, W/ or not);
    /// false for If-Match and If-Range (both must be strong).</param>
    public static bool Matches(StringValues values, string etag, bool weakComparison)
    {
        for (var v = 0; v < values.Count; v++)
        {
            if (ListMatches(values[v], etag, weakComparison))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the field is present with at least one value.</summary>
    public static bool IsPresent(StringValues values) => values.Count > 0;

    private static bool ListMatches(ReadOnlySpan<char> list, string etag, bool weakComparison)
    {
        while (true)
        {
            list = list.TrimStart(" \t,");
            if (list.IsEmpty)
            {
                return false;
            }

            if (list[0] == '*')
            {
                return true;
            }

            var weak = false;
            if (list.StartsWith("W/", StringComparison.Ordinal))
            {
                weak = true;
                list = list[2..];
            }

            if (list.IsEmpty || list[0] != '"')
            {
                // Not an entity tag: skip to the next list member.
                var comma = list.IndexOf(',');
                if (comma < 0)
                {
                    return false;
                }

                list = list[(comma + 1)..];
                continue;
            }

            var close = list[1..].IndexOf('"');
            if (close < 0)
            {
                return false;
            }

            var tag = list[..(close + 2)];
            if ((weakComparison || !weak) && tag.SequenceEqual(etag))
            {
                return true;
            }

            list = list[(close + 2)..];
        }
    }
}
