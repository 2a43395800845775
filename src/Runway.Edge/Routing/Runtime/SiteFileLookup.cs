namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// Vercel's filesystem step for a static output directory: the path itself, then (with cleanUrls) <c>path.html</c>, then
/// the directory's <c>index.html</c>; a path ending in <c>/</c> is its directory's <c>index.html</c>, or with cleanUrls the
/// page without the slash (<c>/about/</c> → <c>about.html</c>, which trailingSlash: true needs).
/// </summary>
internal static class SiteFileLookup
{
    /// <summary>The decoded site-relative file path that serves <paramref name="path"/>, or null.</summary>
    public static string? Find(string path, bool cleanUrls, Func<string, bool> fileExists)
    {
        var decoded = Decode(path);
        if (decoded is null)
        {
            return null;
        }

        if (decoded.EndsWith('/'))
        {
            return Exists(decoded + "index.html", fileExists)
                ?? (cleanUrls && decoded.Length > 1 ? Exists(decoded[..^1] + ".html", fileExists) : null);
        }

        return Exists(decoded, fileExists)
            ?? (cleanUrls ? Exists(decoded + ".html", fileExists) : null)
            ?? Exists(decoded + "/index.html", fileExists);
    }

    private static string? Exists(string candidate, Func<string, bool> fileExists) => fileExists(candidate) ? candidate : null;

    /// <summary>The percent-decoded path, or null when it could escape the site (a <c>..</c> segment, a backslash, a NUL).</summary>
    public static string? Decode(string path)
    {
        var decoded = path.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(path) : path;
        if (decoded.Length == 0 || decoded[0] != '/' || decoded.Contains('\\', StringComparison.Ordinal) || decoded.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var range in decoded.AsSpan().Split('/'))
        {
            if (decoded.AsSpan(range) is ".." or ".")
            {
                return null;
            }
        }

        return decoded;
    }
}
