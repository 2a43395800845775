using System.IO.Compression;

namespace Runway.Edge.StaticFiles;

/// <summary>How <see cref="StaticFileHandler"/> serves files. Every default lives here.</summary>
public sealed class StaticFileServingOptions
{
    /// <summary>Cache-Control for files whose names carry a content hash (<c>app.3f9a1c2b.js</c>, <c>index-BdX3kL9q.css</c>):
    /// the name changes whenever the content does, so browsers may keep them for a year.</summary>
    public string HashedFileCacheControl { get; init; } = "public, max-age=31536000, immutable";

    /// <summary>Cache-Control for HTML, hashed name or not (Vercel's default for static HTML).</summary>
    public string HtmlCacheControl { get; init; } = "public, max-age=0, must-revalidate";

    /// <summary>Cache-Control for every other file.</summary>
    public string DefaultCacheControl { get; init; } = "public, max-age=0, must-revalidate";

    /// <summary>The file served for a directory (<c>/docs/</c> → <c>docs/index.html</c>); null serves nothing for directories.</summary>
    public string? DirectoryIndexFile { get; init; } = "index.html";

    /// <summary>Files up to this size are kept in memory after their first request.</summary>
    public long SmallFileMaxLength { get; init; } = 64 * 1024;

    /// <summary>The most bytes (file contents and their compressed forms) kept in memory; the least recently used go first.</summary>
    public long MemoryCacheMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most paths whose lookup result (file, directory, missing, refused) is remembered.</summary>
    public int MaxCachedPaths { get; init; } = 100_000;

    /// <summary>How long a remembered lookup is trusted before the file is looked at again (size, mtime, symlinks).
    /// Zero looks at the file system on every request.</summary>
    public TimeSpan RevalidationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Compressible files smaller than this are sent as they are: the saving would not pay for the work.</summary>
    public long CompressionMinLength { get; init; } = 1024;

    /// <summary>Compressible files up to this size are compressed once and the result kept in memory;
    /// larger ones are compressed while they are sent, on every request.</summary>
    public long CachedCompressionMaxLength { get; init; } = 1024 * 1024;

    /// <summary>Brotli quality (0-11) for results kept in memory. They are made once per file version, so a
    /// better ratio than the fastest level is worth it.</summary>
    public int CachedBrotliQuality { get; init; } = 5;

    /// <summary>Gzip level for results kept in memory.</summary>
    public CompressionLevel CachedGzipLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Level for files compressed while they are sent (too large to keep).</summary>
    public CompressionLevel StreamedCompressionLevel { get; init; } = CompressionLevel.Fastest;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SmallFileMaxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(MemoryCacheMaxBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedPaths, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RevalidationInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(CompressionMinLength);
        ArgumentOutOfRangeException.ThrowIfNegative(CachedCompressionMaxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(CachedBrotliQuality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CachedBrotliQuality, 11);
    }
}
