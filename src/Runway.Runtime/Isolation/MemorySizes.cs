using System.Globalization;

namespace Runway.Runtime.Isolation;

/// <summary>Formats byte counts for messages in powers of 1024: <c>64 MiB</c>, <c>1.5 GiB</c>, <c>512 KiB</c>.</summary>
internal static class MemorySizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
