using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

internal enum ContentCoding
{
    Identity,
    Brotli,
    Gzip,
}

/// <summary>Where a representation's bytes come from.</summary>
internal enum RepresentationSource
{
    /// <summary>A file sent as it is on disk: the file itself or a precompressed sibling (<c>app.js.br</c>).</summary>
    File,

    /// <summary>The file compressed once and kept in memory.</summary>
    CompressedOnce,

    /// <summary>The file compressed while it is sent, on every request (too large to keep).</summary>
    CompressedWhileSending,
}

/// <summary>One representation of a file (RFC 9110 §3.2): identity, a precompressed sibling, or a compressed form made
/// here. Each has its own strong ETag, since their bytes differ (RFC 9110 §8.8.3).</summary>
internal sealed class Representation
{
    private static readonly StringValues BrotliToken = new("br");
    private static readonly StringValues GzipToken = new("gzip");

    private byte[]? _content;
    private volatile bool _notWorthCompressing;

    public Representation(ContentCoding coding, RepresentationSource source, DiskFile file, StringValues etag, bool keepInMemory)
    {
        Coding = coding;
        Source = source;
        File = file;
        ETag = etag;
        KeepInMemory = keepInMemory;
        ContentEncoding = coding switch
        {
            ContentCoding.Brotli => BrotliToken,
            ContentCoding.Gzip => GzipToken,
            _ => StringValues.Empty,
        };
    }

    public ContentCoding Coding { get; }

    public RepresentationSource Source { get; }

    /// <summary>The file read to produce this representation (for compressed forms: the identity file).</summary>
    public DiskFile File { get; }

    public StringValues ETag { get; }

    public StringValues ContentEncoding { get; }

    /// <summary>Whether the bytes may be kept in memory once read or made.</summary>
    public bool KeepInMemory { get; }

    /// <summary>The bytes, once kept in memory.</summary>
    public byte[]? Content => Volatile.Read(ref _content);

    /// <summary>Set when compressing did not make the file meaningfully smaller; identity is sent instead.</summary>
    public bool NotWorthCompressing
    {
        get => _notWorthCompressing;
        set => _notWorthCompressing = value;
    }

    /// <summary>Keeps <paramref name="content"/> unless some already is; true when it was taken.</summary>
    internal bool TrySetContent(byte[] content) => Interlocked.CompareExchange(ref _content, content, null) is null;

    internal void ClearContent() => Volatile.Write(ref _content, null);
}
