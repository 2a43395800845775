using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

internal enum RangeOutcome
{
    /// <summary>No usable Range field: send the whole representation.</summary>
    Ignore,

    /// <summary>One satisfiable range: 206.</summary>
    Satisfiable,

    /// <summary>A valid range that starts past the end: 416.</summary>
    Unsatisfiable,
}

/// <summary>Parses a Range field (RFC 9110 §14.2) for one representation length.</summary>
/// <remarks>Only a single range is answered with 206. A request for several ranges gets the whole file with 200,
/// which §14.2 allows ("a server MAY ignore the Range header field"); browsers and media players ask for one range,
/// and multipart/byteranges would cost more than the full small file it usually stands for.</remarks>
internal static class ByteRangeHeader
{
    public static RangeOutcome Parse(StringValues field, long length, out long start, out long count)
    {
        start = 0;
        count = 0;
        if (field.Count != 1)
        {
            return RangeOutcome.Ignore;
        }

        var value = field[0].AsSpan().Trim();
        var equals = value.IndexOf('=');

        // Range units are case-insensitive (§14.1); only bytes is known here.
        if (equals < 0 || !value[..equals].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return RangeOutcome.Ignore;
        }

        var spec = value[(equals + 1)..].Trim();
        if (spec.Contains(','))
        {
            return RangeOutcome.Ignore;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return RangeOutcome.Ignore;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // suffix-range "-n": the last n bytes (§14.1.1); "-0" asks for nothing and cannot be satisfied.
            if (!TryParseDigits(last, out var suffix))
            {
                return RangeOutcome.Ignore;
            }

            if (suffix == 0 || length == 0)
            {
                return RangeOutcome.Unsatisfiable;
            }

            count = Math.Min(suffix, length);
            start = length - count;
            return RangeOutcome.Satisfiable;
        }

        if (!TryParseDigits(first, out var from))
        {
            return RangeOutcome.Ignore;
        }

        long to;
        if (last.IsEmpty)
        {
            to = long.MaxValue;
        }
        else if (!TryParseDigits(last, out to) || to < from)
        {
            // last-pos below first-pos makes the range invalid, not unsatisfiable (§14.1.1).
            return RangeOutcome.Ignore;
        }

        if (from >= length)
        {
            return RangeOutcome.Unsatisfiable;
        }

        start = from;
        count = Math.Min(to, length - 1) - from + 1;
        return RangeOutcome.Satisfiable;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c) || value > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
