using System.Globalization;

namespace Runway.Runtime.Autoscaling;

/// <summary>Numbers and durations as autoscale reasons show them: <c>140%</c>, <c>12.5</c>, <c>450ms</c>, <c>1.5s</c>, <c>3m12s</c>.</summary>
internal static class AutoscaleText
{
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0}ms");
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s");
        }

        var whole = TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds));
        var text = whole.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)whole.TotalHours}h") : "";
        if (whole.Minutes > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{whole.Minutes}m");
        }

        if (whole.Seconds > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{whole.Seconds}s");
        }

        return text;
    }

    /// <summary>Time left until a cooldown ends, rounded up to a whole second so it never reads "0s left".</summary>
    public static string Remaining(TimeSpan left) => Duration(TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)));
}
