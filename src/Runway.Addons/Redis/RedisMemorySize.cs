using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>Memory sizes written the way redis.conf writes them.</summary>
internal static class RedisMemorySize
{
    /// <summary>The units redis.conf accepts, in the order the error message lists them.</summary>
    public const string UnitList = "b, k, kb, m, mb, g, gb";

    /// <summary>Parses "128mb", "1g", "65536": redis.conf's "note on units" (k = 1000, kb = 1024, m = 1000^2,
    /// mb = 1024^2, g = 1000^3, gb = 1024^3, b or no unit = bytes; case-insensitive, no space before the unit).</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        long? multiplier = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000L * 1000 * 1000,
            "gb" => 1024L * 1024 * 1024,
            _ => null,
        };
        if (multiplier is not { } unit || number > long.MaxValue / unit)
        {
            return false;
        }

        bytes = number * unit;
        return true;
    }

    /// <summary>"128 MiB", "1.5 GiB", "1000 bytes" for messages.</summary>
    public static string Describe(long bytes)
    {
        const long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
        return bytes switch
        {
            >= GiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)GiB:0.##} GiB"),
            >= MiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.##} MiB"),
            >= KiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)KiB:0.##} KiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        };
    }
}
