using System.Globalization;

namespace Runway.Config.Railway;

/// <summary>
/// Checks Railway's <c>cronSchedule</c>: a standard 5-field crontab (minute hour day-of-month month day-of-week, UTC);
/// each field is <c>*</c>, a value, a range <c>a-b</c>, any of those with <c>/step</c>, or a comma list of them.
/// </summary>
internal static class CronScheduleSyntax
{
    private static readonly string[] FieldNames = ["minute", "hour", "day of month", "month", "day of week"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Null when valid, else what is wrong.</summary>
    public static string? Problem(string schedule)
    {
        var fields = schedule.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"has {fields.Length} field{(fields.Length == 1 ? "" : "s")}; expected 5 (minute hour day-of-month month day-of-week)";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var part in fields[i].Split(','))
            {
                if (!ValidPart(part, i))
                {
                    return $"has an invalid {FieldNames[i]} field \"{fields[i]}\" (allowed: *, {Ranges[i].Min}-{Ranges[i].Max}, ranges a-b, steps /n, lists a,b)";
                }
            }
        }

        return null;
    }

    private static bool ValidPart(string part, int field)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? part : part[..slash];
        if (slash >= 0 && (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1))
        {
            return false;
        }

        if (range == "*")
        {
            return true;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Value(range, field) is not null;
        }

        var low = Value(range[..dash], field);
        var high = Value(range[(dash + 1)..], field);
        return low is not null && high is not null && low <= high;
    }

    private static int? Value(string text, int field)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= Ranges[field].Min && number <= Ranges[field].Max ? number : null;
        }

        var names = field switch
        {
            3 => Months,
            4 => Days,
            _ => null,
        };
        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index + Ranges[field].Min;
    }
}
