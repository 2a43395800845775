using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>Picks the default Cache-Control for a file from its name: HTML always revalidates (Vercel's default for
/// static HTML), content-hashed names are immutable, everything else revalidates.</summary>
internal sealed class CacheControlPolicy(StaticFileServingOptions options)
{
    private readonly StringValues _hashed = new(options.HashedFileCacheControl);
    private readonly StringValues _html = new(options.HtmlCacheControl);
    private readonly StringValues _default = new(options.DefaultCacheControl);

    public StringValues For(ReadOnlySpan<char> requestPath, MediaType mediaType)
    {
        if (mediaType.IsHtml)
        {
            return _html;
        }

        return ContentHashedName.IsHashed(requestPath) ? _hashed : _default;
    }
}
