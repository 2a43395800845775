namespace Runway.Edge.StaticFiles;

/// <summary>Looks a request path up on disk below the real site root: the path rules first, then every symlink
/// resolved and the result required to stay under the root (and out of dotfiles), then a stat, then the
/// precompressed siblings of compressible files.</summary>
internal sealed class FileProbe(string realRoot)
{
    public string RealRoot { get; } = realRoot;

    public FileFacts Probe(string requestPath)
    {
        switch (RequestPathRules.Check(requestPath))
        {
            case PathVerdict.Hidden:
                return FileFacts.Of(EntryKind.Hidden);
            case PathVerdict.Refused:
                return FileFacts.Of(EntryKind.Refused);
            case PathVerdict.Malformed:
                return FileFacts.Of(EntryKind.Malformed);
        }

        var relative = requestPath.TrimStart('/');
        var kind = Stat(relative, out var file);
        if (kind != EntryKind.File)
        {
            return FileFacts.Of(kind);
        }

        // A file named with a trailing slash ("/app.js/") is not that file.
        if (requestPath.EndsWith('/'))
        {
            return FileFacts.Of(EntryKind.Missing);
        }

        DiskFile? brotli = null;
        DiskFile? gzip = null;
        if (MediaTypeTable.ForFileName(requestPath).Compressible)
        {
            // Precompressed siblings sit next to the requested path, as nginx's gzip_static and brotli_static look for them.
            brotli = Stat(relative + ".br", out var br) == EntryKind.File ? br : null;
            gzip = Stat(relative + ".gz", out var gz) == EntryKind.File ? gz : null;
        }

        return new FileFacts(EntryKind.File, file, brotli, gzip);
    }

    private EntryKind Stat(string relative, out DiskFile file)
    {
        file = default;
        var real = RealPath.Resolve(RealRoot, relative);
        if (real is null)
        {
            return EntryKind.Missing;
        }

        if (!RealPath.IsUnder(real, RealRoot))
        {
            return EntryKind.Refused;
        }

        if (RequestPathRules.IsHiddenRelative(real.AsSpan(RealRoot.Length)))
        {
            return EntryKind.Hidden;
        }

        try
        {
            var info = new FileInfo(real);
            var attributes = info.Attributes;
            if ((int)attributes == -1)
            {
                return EntryKind.Missing;
            }

            if ((attributes & FileAttributes.Directory) != 0)
            {
                return EntryKind.Directory;
            }

            file = new DiskFile(real, info.Length, info.LastWriteTimeUtc);
            return EntryKind.File;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return EntryKind.Missing;
        }
    }
}
