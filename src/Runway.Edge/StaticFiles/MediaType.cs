using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>What a file extension says about a response: its Content-Type value, whether compressing it pays off,
/// and whether it is HTML (which gets its own Cache-Control).</summary>
internal sealed class MediaType(string contentType, bool compressible, bool isHtml = false)
{
    public StringValues ContentType { get; } = new(contentType);

    public bool Compressible { get; } = compressible;

    public bool IsHtml { get; } = isHtml;
}
