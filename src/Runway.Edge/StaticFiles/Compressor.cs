using System.IO.Compression;

namespace Runway.Edge.StaticFiles;

/// <summary>Brotli and gzip from System.IO.Compression, in one piece (for results kept in memory) or as a stream.</summary>
internal static class Compressor
{
    /// <summary>Brotli's default window (2^22 bytes), as BrotliStream uses.</summary>
    private const int BrotliWindow = 22;

    public static byte[] Compress(ReadOnlySpan<byte> source, ContentCoding coding, StaticFileServingOptions options) =>
        coding switch
        {
            ContentCoding.Brotli => Brotli(source, options.CachedBrotliQuality),
            ContentCoding.Gzip => Gzip(source, options.CachedGzipLevel),
            _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "identity is not a compression"),
        };

    public static Stream Wrap(Stream destination, ContentCoding coding, CompressionLevel level) =>
        coding switch
        {
            ContentCoding.Brotli => new BrotliStream(destination, level, leaveOpen: true),
            ContentCoding.Gzip => new GZipStream(destination, level, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "identity is not a compression"),
        };

    private static byte[] Brotli(ReadOnlySpan<byte> source, int quality)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(source.Length)];
        if (!BrotliEncoder.TryCompress(source, buffer, out var written, quality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli output exceeded its own maximum compressed length.");
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    private static byte[] Gzip(ReadOnlySpan<byte> source, CompressionLevel level)
    {
        using var output = new MemoryStream((source.Length / 3) + 64);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(source);
        }

        return output.ToArray();
    }
}
