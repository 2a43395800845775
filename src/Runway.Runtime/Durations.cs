using System.Globalization;

namespace Runway.Runtime;

/// <summary>Formats durations for messages: <c>250 ms</c>, <c>4 s</c>, <c>1.5 s</c>, <c>5 min</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.#} min"),
    };
}
