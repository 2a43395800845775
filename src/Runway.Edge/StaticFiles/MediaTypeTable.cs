using System.Collections.Frozen;

namespace Runway.Edge.StaticFiles;

/// <summary>Content types by file extension (case-insensitive). Text types carry <c>charset=utf-8</c>;
/// anything unknown is <c>application/octet-stream</c> (RFC 9110 §8.3: the sender may not guess further).</summary>
internal static class MediaTypeTable
{
    private const string Utf8 = "; charset=utf-8";

    public static MediaType Unknown { get; } = new("application/octet-stream", compressible: false);

    private static readonly FrozenDictionary<string, MediaType> ByExtension = Build();

    private static readonly FrozenDictionary<string, MediaType>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByExtension.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The media type for a file name or path, from the text after its last dot.</summary>
    public static MediaType ForFileName(ReadOnlySpan<char> fileName)
    {
        var slash = fileName.LastIndexOf('/');
        var name = slash >= 0 ? fileName[(slash + 1)..] : fileName;
        var dot = name.LastIndexOf('.');
        if (dot < 0 || dot == name.Length - 1)
        {
            return Unknown;
        }

        return BySpan.TryGetValue(name[(dot + 1)..], out var type) ? type : Unknown;
    }

    private static FrozenDictionary<string, MediaType> Build()
    {
        var html = new MediaType("text/html" + Utf8, compressible: true, isHtml: true);
        var javascript = new MediaType("text/javascript" + Utf8, compressible: true); // RFC 9239 §6
        var json = new MediaType("application/json" + Utf8, compressible: true);
        var jpeg = new MediaType("image/jpeg", compressible: false);
        var types = new Dictionary<string, MediaType>(StringComparer.OrdinalIgnoreCase)
        {
            ["html"] = html,
            ["htm"] = html,
            ["css"] = new("text/css" + Utf8, compressible: true),
            ["js"] = javascript,
            ["mjs"] = javascript,
            ["cjs"] = javascript,
            ["json"] = json,
            ["map"] = json,
            ["webmanifest"] = new("application/manifest+json" + Utf8, compressible: true),
            ["jsonld"] = new("application/ld+json" + Utf8, compressible: true),
            ["txt"] = new("text/plain" + Utf8, compressible: true),
            ["md"] = new("text/markdown" + Utf8, compressible: true),
            ["csv"] = new("text/csv" + Utf8, compressible: true),
            ["ics"] = new("text/calendar" + Utf8, compressible: true),
            ["vtt"] = new("text/vtt" + Utf8, compressible: true),
            ["yaml"] = new("text/yaml" + Utf8, compressible: true),
            ["yml"] = new("text/yaml" + Utf8, compressible: true),
            ["xml"] = new("application/xml" + Utf8, compressible: true),
            ["rss"] = new("application/rss+xml" + Utf8, compressible: true),
            ["atom"] = new("application/atom+xml" + Utf8, compressible: true),
            ["svg"] = new("image/svg+xml", compressible: true),
            ["wasm"] = new("application/wasm", compressible: true),
            ["png"] = new("image/png", compressible: false),
            ["jpg"] = jpeg,
            ["jpeg"] = jpeg,
            ["gif"] = new("image/gif", compressible: false),
            ["webp"] = new("image/webp", compressible: false),
            ["avif"] = new("image/avif", compressible: false),
            ["ico"] = new("image/x-icon", compressible: true),
            ["bmp"] = new("image/bmp", compressible: true),
            ["woff"] = new("font/woff", compressible: false),
            ["woff2"] = new("font/woff2", compressible: false),
            ["ttf"] = new("font/ttf", compressible: true),
            ["otf"] = new("font/otf", compressible: true),
            ["eot"] = new("application/vnd.ms-fontobject", compressible: true),
            ["pdf"] = new("application/pdf", compressible: false),
            ["zip"] = new("application/zip", compressible: false),
            ["gz"] = new("application/gzip", compressible: false),
            ["tar"] = new("application/x-tar", compressible: true),
            ["mp4"] = new("video/mp4", compressible: false),
            ["webm"] = new("video/webm", compressible: false),
            ["ogv"] = new("video/ogg", compressible: false),
            ["mov"] = new("video/quicktime", compressible: false),
            ["mp3"] = new("audio/mpeg", compressible: false),
            ["ogg"] = new("audio/ogg", compressible: false),
            ["oga"] = new("audio/ogg", compressible: false),
            ["opus"] = new("audio/ogg", compressible: false),
            ["wav"] = new("audio/wav", compressible: true),
            ["flac"] = new("audio/flac", compressible: false),
            ["m4a"] = new("audio/mp4", compressible: false),
            ["aac"] = new("audio/aac", compressible: false),
        };
        return types.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
