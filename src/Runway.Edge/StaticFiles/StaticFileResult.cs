namespace Runway.Edge.StaticFiles;

/// <summary>What <see cref="StaticFileHandler.ServeAsync"/> did.</summary>
public enum StaticFileResult
{
    /// <summary>A response was written (the file, 304, 206, 412, 416 or 405).</summary>
    Served,

    /// <summary>Nothing is served at this path (missing, a directory without index, or a hidden dotfile);
    /// nothing was written, so the caller answers (its 404 page, or the next route).</summary>
    NotFound,

    /// <summary>The path tried to leave the site root (<c>..</c>, encoded separators, a symlink outside); nothing was
    /// written. Answer 404 so the attempt learns nothing.</summary>
    Refused,

    /// <summary>The path holds bytes no path may (NUL, control characters); nothing was written. Answer 400.</summary>
    Malformed,
}

/// <summary>What a request path names in a site, as <see cref="StaticFileHandler.Probe"/> sees it.</summary>
public enum StaticPathKind
{
    File,

    /// <summary>A directory; serving it serves its index file when there is one.</summary>
    Directory,

    /// <summary>Missing or hidden.</summary>
    NotFound,

    Refused,

    Malformed,
}
