using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Win32.SafeHandles;
using Runway.Edge.ZeroCopy;

namespace Runway.Edge.StaticFiles;

/// <summary>Serves files from one site's root directory. The router decides which path to serve and with which
/// status; this writes the response: content type, validators and conditional requests, ranges, compression, cache
/// headers. Headers the caller set on the response before (Content-Type, Cache-Control from vercel.json rules) win over
/// the defaults here. Create one per site root and share it: it caches lookups and small files.</summary>
public sealed class StaticFileHandler
{
    private const int Attempts = 3;

    /// <summary>Files up to this size are compressed on the request's own thread: it takes well under a millisecond.</summary>
    private const int InlineCompressionMaxLength = 16 * 1024;
    private static readonly StringValues GetAndHead = new("GET, HEAD");
    private static readonly StringValues ByteUnit = new("bytes");
    private static readonly StringValues AcceptEncodingName = new("Accept-Encoding");

    private readonly StaticFileServingOptions _options;
    private readonly SiteFileCache _cache;

    public StaticFileHandler(string rootDirectory, StaticFileServingOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new StaticFileServingOptions();
        _options.Validate();
        var realRoot = RealPath.ResolveAbsolute(rootDirectory);
        if (realRoot is null || !Directory.Exists(realRoot))
        {
            throw new DirectoryNotFoundException($"The site directory '{rootDirectory}' does not exist.");
        }

        _cache = new SiteFileCache(realRoot, _options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The site root with every symlink resolved; nothing outside it is ever served.</summary>
    public string RootDirectory => _cache.RealRoot;

    /// <summary>Bytes of file content currently kept in memory.</summary>
    internal long CachedBytes => _cache.CachedBytes;

    /// <summary>What <paramref name="requestPath"/> (decoded, as <c>HttpRequest.Path.Value</c>) names, from the cache when fresh.</summary>
    public StaticPathKind Probe(string requestPath) =>
        _cache.Get(requestPath).Kind switch
        {
            EntryKind.File => StaticPathKind.File,
            EntryKind.Directory => StaticPathKind.Directory,
            EntryKind.Refused => StaticPathKind.Refused,
            EntryKind.Malformed => StaticPathKind.Malformed,
            _ => StaticPathKind.NotFound,
        };

    /// <summary>Serves <paramref name="requestPath"/> (decoded, as <c>HttpRequest.Path.Value</c>; a directory serves
    /// its index file) with <paramref name="statusCode"/>. With 200, conditional and range requests are answered;
    /// with any other status (a 404 page) the file is sent whole, without validators.</summary>
    public async Task<StaticFileResult> ServeAsync(HttpContext context, string requestPath, int statusCode = StatusCodes.Status200OK)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var entry = _cache.Get(requestPath);
            if (entry.Kind == EntryKind.Directory && entry.IndexPath is not null)
            {
                entry = _cache.Get(entry.IndexPath);
            }

            switch (entry.Kind)
            {
                case EntryKind.File:
                    break;
                case EntryKind.Refused:
                    return StaticFileResult.Refused;
                case EntryKind.Malformed:
                    return StaticFileResult.Malformed;
                default:
                    return StaticFileResult.NotFound;
            }

            if (await TryServeAsync(context, entry, statusCode))
            {
                return StaticFileResult.Served;
            }

            // The file changed between its last stat and now: look again.
            _cache.Invalidate(entry);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return StaticFileResult.Served;
    }

    /// <returns>False when the file no longer matches <paramref name="entry"/> and nothing was written.</returns>
    private async Task<bool> TryServeAsync(HttpContext context, FileEntry entry, int statusCode)
    {
        var request = context.Request;
        var response = context.Response;
        var isHead = HttpMethods.IsHead(request.Method);
        if (!isHead && !HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = GetAndHead;
            return true;
        }

        var requestHeaders = request.Headers;
        var validated = statusCode == StatusCodes.Status200OK;
        var range = RangeOutcome.Ignore;
        long rangeStart = 0, rangeCount = 0;

        // Range applies to GET only (RFC 9110 §14.2), and only to the identity representation here.
        if (validated && !isHead && requestHeaders.Range.Count > 0)
        {
            range = ByteRangeHeader.Parse(requestHeaders.Range, entry.Identity.File.Length, out rangeStart, out rangeCount);
            if (range != RangeOutcome.Ignore && !Preconditions.IfRangeAllows(requestHeaders.IfRange, entry))
            {
                range = RangeOutcome.Ignore;
            }
        }

        var representation = range == RangeOutcome.Ignore ? Negotiate(entry, requestHeaders.AcceptEncoding) : entry.Identity;
        byte[]? bytes = representation.Content;
        if (bytes is null && representation.Source == RepresentationSource.CompressedOnce)
        {
            (bytes, var stale) = await CompressOnceAsync(entry, representation);
            if (stale)
            {
                return false;
            }

            if (bytes is null)
            {
                representation = entry.Identity;
                bytes = representation.Content;
            }
        }

        var headers = response.Headers;
        if (entry.MediaType.Compressible)
        {
            AddVary(headers);
        }

        if (headers.CacheControl.Count == 0)
        {
            headers.CacheControl = entry.CacheControl;
        }

        if (validated)
        {
            headers.ETag = representation.ETag;
            headers.LastModified = entry.LastModifiedText;
            headers.AcceptRanges = ByteUnit;
            var outcome = Preconditions.Evaluate(requestHeaders, representation.ETag.ToString(), entry);
            if (outcome != PreconditionOutcome.Proceed)
            {
                response.StatusCode = outcome == PreconditionOutcome.NotModified ? StatusCodes.Status304NotModified : StatusCodes.Status412PreconditionFailed;
                return true;
            }
        }

        if (range == RangeOutcome.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            headers.ContentRange = entry.UnsatisfiedRange;
            return true;
        }

        var file = representation.File;
        SafeFileHandle? handle = null;
        if (!isHead && bytes is null)
        {
            if (representation.KeepInMemory && representation.Source == RepresentationSource.File)
            {
                bytes = FileContent.ReadUnchanged(file);
                if (bytes is null)
                {
                    return false;
                }

                _cache.TryKeep(entry, representation, bytes);
            }
            else if ((handle = FileContent.OpenUnchanged(file)) is null)
            {
                return false;
            }
        }

        using (handle)
        {
            if (headers.ContentType.Count == 0)
            {
                headers.ContentType = entry.MediaType.ContentType;
            }

            if (range == RangeOutcome.Satisfiable)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {rangeStart}-{rangeStart + rangeCount - 1}/{file.Length}");
                response.ContentLength = rangeCount;
                await WriteBodyAsync(context, bytes, handle, rangeStart, rangeCount);
                return true;
            }

            response.StatusCode = statusCode;
            if (representation.Coding != ContentCoding.Identity)
            {
                headers.ContentEncoding = representation.ContentEncoding;
            }

            if (representation.Source == RepresentationSource.CompressedWhileSending)
            {
                if (handle is not null)
                {
                    await ResponseBodyWriter.CompressAsync(response, handle, file.Length, representation.Coding, _options.StreamedCompressionLevel, context.RequestAborted);
                }

                return true;
            }

            var length = bytes?.LongLength ?? file.Length;
            response.ContentLength = length;
            await WriteBodyAsync(context, bytes, handle, 0, length);
            return true;
        }
    }

    private static async Task WriteBodyAsync(HttpContext context, byte[]? bytes, SafeFileHandle? handle, long offset, long count)
    {
        if (bytes is not null)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)offset, (int)count), context.RequestAborted);
        }
        else if (handle is not null)
        {
            var fileBody = context.Features.Get<IFileBodyFeature>();
            if (fileBody is not null && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
            {
                await ResponseBodyWriter.SendFileAsync(context, fileBody, handle, offset, count);
            }
            else
            {
                await ResponseBodyWriter.CopyAsync(context.Response, handle, offset, count, context.RequestAborted);
            }
        }
    }

    /// <summary>Picks the representation by Accept-Encoding weights: br when it weighs at least as much as gzip,
    /// a precompressed sibling before compressing here, identity when neither is acceptable.</summary>
    private static Representation Negotiate(FileEntry entry, StringValues acceptEncoding)
    {
        if (!entry.MediaType.Compressible || acceptEncoding.Count == 0)
        {
            return entry.Identity;
        }

        AcceptEncoding.Weights(acceptEncoding, out var brotliWeight, out var gzipWeight);
        var brotli = brotliWeight > 0 ? Usable(entry.BrotliFile) ?? Usable(entry.BrotliCompressed) : null;
        var gzip = gzipWeight > 0 ? Usable(entry.GzipFile) ?? Usable(entry.GzipCompressed) : null;
        if (brotli is not null && (gzip is null || brotliWeight >= gzipWeight))
        {
            return brotli;
        }

        return gzip ?? entry.Identity;
    }

    private static Representation? Usable(Representation? representation) =>
        representation is { NotWorthCompressing: false } ? representation : null;

    /// <summary>Compresses the file once and keeps the result; null (and the representation marked) when that saves
    /// less than 1/16 of the size, or null with stale when the file changed. Request code runs on socket event threads,
    /// so a file large enough to take noticeable time is compressed on the thread pool instead.</summary>
    private async ValueTask<(byte[]? Bytes, bool Stale)> CompressOnceAsync(FileEntry entry, Representation representation)
    {
        var source = entry.Identity.Content ?? FileContent.ReadUnchanged(entry.Identity.File);
        if (source is null)
        {
            return (null, true);
        }

        _cache.TryKeep(entry, entry.Identity, source);
        var compressed = source.Length <= InlineCompressionMaxLength
            ? Compressor.Compress(source, representation.Coding, _options)
            : await Task.Run(() => Compressor.Compress(source, representation.Coding, _options));
        if (compressed.Length > source.Length - (source.Length / 16))
        {
            representation.NotWorthCompressing = true;
            return (null, false);
        }

        _cache.TryKeep(entry, representation, compressed);
        return (compressed, false);
    }

    private static void AddVary(IHeaderDictionary headers)
    {
        var vary = headers.Vary;
        if (vary.Count == 0)
        {
            headers.Vary = AcceptEncodingName;
        }
        else if (!vary.ToString().Contains("Accept-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            headers.Vary = StringValues.Concat(vary, AcceptEncodingName);
        }
    }
}
