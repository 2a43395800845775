namespace Runway.Edge.StaticFiles;

/// <summary>What a request path names on disk.</summary>
internal enum EntryKind
{
    File,
    Directory,
    Missing,
    Hidden,
    Refused,
    Malformed,
}

/// <summary>A file on disk as a stat call saw it.</summary>
internal readonly record struct DiskFile(string RealPath, long Length, DateTime LastWriteUtc);

/// <summary>Everything a lookup learned from the file system for one request path; two equal facts mean nothing
/// changed, so the cached entry (and its content) stays valid.</summary>
internal readonly record struct FileFacts(EntryKind Kind, DiskFile File, DiskFile? Brotli, DiskFile? Gzip)
{
    public static FileFacts Of(EntryKind kind) => new(kind, default, null, null);
}
