namespace Runway.Edge.StaticFiles;

/// <summary>What a request path may name before the file system is asked.</summary>
internal enum PathVerdict
{
    /// <summary>A plain path inside the site.</summary>
    Allowed,

    /// <summary>A dotfile or dot-directory (<c>.env</c>, <c>.git/</c>): served as missing.</summary>
    Hidden,

    /// <summary>An attempt to leave the root (<c>..</c>, encoded dots or slashes, backslashes).</summary>
    Refused,

    /// <summary>Bytes no path may hold (NUL, control characters).</summary>
    Malformed,
}

/// <summary>Rules for the decoded request path (the form of <c>HttpRequest.Path.Value</c>). Kestrel has already
/// decoded percent-escapes once, except <c>%2F</c>; whatever escapes remain for '.', '/', '\', '%' or NUL were encoded
/// twice, which no honest client does, so they are refused rather than decoded again.</summary>
internal static class RequestPathRules
{
    /// <summary>The one dot-directory served (RFC 8615).</summary>
    private const string WellKnown = ".well-known";

    public static PathVerdict Check(ReadOnlySpan<char> path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c < ' ' || c == '\x7f')
            {
                return PathVerdict.Malformed;
            }

            if (c == '\\')
            {
                return PathVerdict.Refused;
            }

            if (c == '%' && i + 2 < path.Length && IsEncodedSeparatorOrDot(path[i + 1], path[i + 2]))
            {
                return PathVerdict.Refused;
            }
        }

        var verdict = PathVerdict.Allowed;
        var first = true;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            if (segment is "." or "..")
            {
                return PathVerdict.Refused;
            }

            // Dotfiles stay private, except /.well-known/ at the top (RFC 8615); still check later segments for "..".
            if (segment[0] == '.' && !(first && segment.SequenceEqual(WellKnown)))
            {
                verdict = PathVerdict.Hidden;
            }

            first = false;
        }

        return verdict;
    }

    /// <summary>True when a path relative to the root (as the file system resolved it) goes through a dotfile
    /// or dot-directory other than a top-level <c>.well-known</c>: a symlink must not expose <c>.env</c> under another name.</summary>
    public static bool IsHiddenRelative(ReadOnlySpan<char> relativePath)
    {
        var first = true;
        foreach (var range in relativePath.Split(Path.DirectorySeparatorChar))
        {
            var segment = relativePath[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            if (segment[0] == '.' && !(first && segment.SequenceEqual(WellKnown)))
            {
                return true;
            }

            first = false;
        }

        return false;
    }

    private static bool IsEncodedSeparatorOrDot(char high, char low)
    {
        var h = char.ToUpperInvariant(high);
        var l = char.ToUpperInvariant(low);
        return (h, l) switch
        {
            ('2', 'E') => true, // '.'
            ('2', 'F') => true, // '/'
            ('5', 'C') => true, // '\'
            ('2', '5') => true, // '%'
            ('0', '0') => true, // NUL
            _ => false,
        };
    }
}
