using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>The cached answer for one request path: what it names, and for a file every header value the response
/// needs, precomputed, plus its representations (whose bytes may be kept in memory).</summary>
internal sealed class FileEntry
{
    private long _checkedAt;
    private long _lastUsed;

    private FileEntry(string requestPath, FileFacts facts, long now)
    {
        RequestPath = requestPath;
        Facts = facts;
        _checkedAt = now;
        _lastUsed = now;
    }

    public string RequestPath { get; }

    public FileFacts Facts { get; }

    public EntryKind Kind => Facts.Kind;

    /// <summary>For a directory: the request path of its index file, or null when there is none to try.</summary>
    public string? IndexPath { get; private init; }

    public MediaType MediaType { get; private init; } = MediaTypeTable.Unknown;

    public StringValues CacheControl { get; private init; }

    /// <summary>Last-Modified as sent (RFC 9110 §5.6.7 IMF-fixdate).</summary>
    public StringValues LastModifiedText { get; private init; }

    /// <summary>The modification time at the one-second precision of Last-Modified, for date comparisons.</summary>
    public DateTimeOffset LastModified { get; private init; }

    /// <summary>The value of <c>Content-Range: bytes */length</c> for 416 answers (RFC 9110 §14.4).</summary>
    public StringValues UnsatisfiedRange { get; private init; }

    public Representation Identity { get; private init; } = null!;

    public Representation? BrotliFile { get; private init; }

    public Representation? GzipFile { get; private init; }

    public Representation? BrotliCompressed { get; private init; }

    public Representation? GzipCompressed { get; private init; }

    /// <summary>Bytes of this entry kept in memory; guarded by locking the entry.</summary>
    internal long CachedBytes { get; set; }

    /// <summary>Set once the entry left the cache; no more bytes are kept for it. Guarded by locking the entry.</summary>
    internal bool Evicted { get; set; }

    public long CheckedAt
    {
        get => Volatile.Read(ref _checkedAt);
        set => Volatile.Write(ref _checkedAt, value);
    }

    public long LastUsed
    {
        get => Volatile.Read(ref _lastUsed);
        set => Volatile.Write(ref _lastUsed, value);
    }

    public static FileEntry NotAFile(string requestPath, FileFacts facts, string? directoryIndexFile, long now)
    {
        string? index = null;
        if (facts.Kind == EntryKind.Directory && directoryIndexFile is not null)
        {
            index = requestPath.EndsWith('/') ? requestPath + directoryIndexFile : requestPath + "/" + directoryIndexFile;
        }

        return new FileEntry(requestPath, facts, now) { IndexPath = index };
    }

    public static FileEntry ForFile(string requestPath, FileFacts facts, StaticFileServingOptions options, CacheControlPolicy cacheControl, long now)
    {
        var file = facts.File;
        var mediaType = MediaTypeTable.ForFileName(requestPath);
        var etag = EntityTag(file, suffix: null);
        var lastModified = new DateTimeOffset(file.LastWriteUtc.Ticks - (file.LastWriteUtc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var compressOnce = file.Length <= options.CachedCompressionMaxLength;
        var compressible = mediaType.Compressible && file.Length >= options.CompressionMinLength;
        var compressedSource = compressOnce ? RepresentationSource.CompressedOnce : RepresentationSource.CompressedWhileSending;
        return new FileEntry(requestPath, facts, now)
        {
            MediaType = mediaType,
            CacheControl = cacheControl.For(requestPath, mediaType),
            LastModified = lastModified,
            LastModifiedText = lastModified.ToString("r", CultureInfo.InvariantCulture),
            UnsatisfiedRange = "bytes */" + file.Length.ToString(CultureInfo.InvariantCulture),
            Identity = new Representation(ContentCoding.Identity, RepresentationSource.File, file, etag, file.Length <= options.SmallFileMaxLength),
            BrotliFile = Sibling(ContentCoding.Brotli, facts.Brotli, "br", options),
            GzipFile = Sibling(ContentCoding.Gzip, facts.Gzip, "gz", options),
            BrotliCompressed = compressible ? new Representation(ContentCoding.Brotli, compressedSource, file, EntityTag(file, "br"), compressOnce) : null,
            GzipCompressed = compressible ? new Representation(ContentCoding.Gzip, compressedSource, file, EntityTag(file, "gz"), compressOnce) : null,
        };
    }

    private static Representation? Sibling(ContentCoding coding, DiskFile? sibling, string suffix, StaticFileServingOptions options) =>
        sibling is { } file
            ? new Representation(coding, RepresentationSource.File, file, EntityTag(file, suffix), file.Length <= options.SmallFileMaxLength)
            : null;

    /// <summary>A strong validator from the modification time and size, the way nginx forms one:
    /// <c>"mtime-size"</c> in hex (mtime in 100 ns ticks), with a suffix naming the content coding.</summary>
    private static string EntityTag(DiskFile file, string? suffix)
    {
        var ticks = file.LastWriteUtc.Ticks.ToString("x", CultureInfo.InvariantCulture);
        var length = file.Length.ToString("x", CultureInfo.InvariantCulture);
        return suffix is null ? $"\"{ticks}-{length}\"" : $"\"{ticks}-{length}-{suffix}\"";
    }
}
