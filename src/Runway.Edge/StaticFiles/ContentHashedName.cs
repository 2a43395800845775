namespace Runway.Edge.StaticFiles;

/// <summary>Tells whether a file name carries a content hash as bundlers emit them:
/// webpack <c>[name].[contenthash].js</c> (<c>main.3f9a1c2b.js</c>, <c>main.3f9a1c2b.chunk.js</c>),
/// Vite/Rollup <c>[name]-[hash].js</c> with eight base64url characters (<c>index-BdX3kL9q.css</c>, <c>index-B-1xZ_3a.js</c>),
/// Next.js <c>_app-0123456789abcdef.js</c>.</summary>
/// <remarks>A hash-like token has at least 8 characters and mixes letters with digits; this keeps words
/// (<c>products</c>, <c>MyButton</c>) and dates (<c>2024-01-15</c>) out. A hash made only of letters is missed, which is
/// the safe direction: the file is revalidated instead of cached for a year.</remarks>
internal static class ContentHashedName
{
    private const int MinHashLength = 8;

    public static bool IsHashed(ReadOnlySpan<char> fileName)
    {
        var slash = fileName.LastIndexOf('/');
        var name = slash >= 0 ? fileName[(slash + 1)..] : fileName;
        var extension = name.LastIndexOf('.');
        if (extension <= 0)
        {
            return false;
        }

        var stem = name[..extension];
        while (!stem.IsEmpty)
        {
            var dot = stem.IndexOf('.');
            var token = dot >= 0 ? stem[..dot] : stem;
            if (TokenCarriesHash(token))
            {
                return true;
            }

            stem = dot >= 0 ? stem[(dot + 1)..] : [];
        }

        return false;
    }

    private static bool TokenCarriesHash(ReadOnlySpan<char> token)
    {
        // The whole dot-separated token (webpack): letters and digits only.
        if (IsHashLike(token, allowDashes: false))
        {
            return true;
        }

        // The part after the last dash (Next.js, Vite with a dash-free hash).
        var dash = token.LastIndexOf('-');
        if (dash >= 0 && IsHashLike(token[(dash + 1)..], allowDashes: false))
        {
            return true;
        }

        // Vite/Rollup: the last eight characters after "name-", which may themselves hold '-' or '_'.
        return token.Length > MinHashLength
            && token[token.Length - MinHashLength - 1] == '-'
            && IsHashLike(token[^MinHashLength..], allowDashes: true);
    }

    private static bool IsHashLike(ReadOnlySpan<char> token, bool allowDashes)
    {
        if (token.Length < MinHashLength)
        {
            return false;
        }

        var digits = false;
        var letters = false;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (char.IsAsciiLetter(c))
            {
                letters = true;
            }
            else if (!allowDashes || (c != '-' && c != '_'))
            {
                return false;
            }
        }

        return digits && letters;
    }
}
