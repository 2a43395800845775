using System.Globalization;

namespace Runway.Model;

/// <summary>A standard 5-field crontab schedule (minute hour day-of-month month day-of-week), evaluated in UTC as Railway's
/// <c>cronSchedule</c> is. Fields take <c>*</c>, values, ranges <c>a-b</c>, steps <c>/n</c>, lists and month/day names;
/// day-of-week 0 and 7 are Sunday. When both day fields are restricted, a day matching either runs (Vixie cron's rule).</summary>
public sealed class CronSchedule
{
    private static readonly string[] FieldNames = ["minute", "hour", "day of month", "month", "day of week"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly ulong _minutes;
    private readonly uint _hours;
    private readonly uint _daysOfMonth;
    private readonly ushort _months;
    private readonly byte _daysOfWeek;
    private readonly bool _dayOfMonthRestricted;
    private readonly bool _dayOfWeekRestricted;

    private CronSchedule(string text, ulong[] fields, bool dayOfMonthRestricted, bool dayOfWeekRestricted)
    {
        Text = text;
        _minutes = fields[0];
        _hours = (uint)fields[1];
        _daysOfMonth = (uint)fields[2];
        _months = (ushort)fields[3];
        _daysOfWeek = (byte)((fields[4] | (fields[4] >> 7)) & 0x7F); // 7 is Sunday too
        _dayOfMonthRestricted = dayOfMonthRestricted;
        _dayOfWeekRestricted = dayOfWeekRestricted;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong and what is allowed.</summary>
    public static bool TryParse(string text, out CronSchedule schedule, out string problem)
    {
        schedule = null!;
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            problem = $"has {fields.Length} field{(fields.Length == 1 ? "" : "s")}; expected 5 (minute hour day-of-month month day-of-week)";
            return false;
        }

        var bits = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            foreach (var part in fields[i].Split(','))
            {
                if (PartBits(part, i) is not { } partBits)
                {
                    problem = $"has an invalid {FieldNames[i]} field \"{fields[i]}\" (allowed: *, {Ranges[i].Min}-{Ranges[i].Max}, ranges a-b, steps /n, lists a,b)";
                    return false;
                }

                bits[i] |= partBits;
            }
        }

        problem = "";
        schedule = new CronSchedule(text.Trim(), bits, !fields[2].StartsWith('*'), !fields[4].StartsWith('*'));
        return true;
    }

    /// <summary>The first run strictly after <paramref name="after"/> (to the minute, UTC); null when none falls within
    /// the next eight years (a date such as February 30 never comes).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var t = after.ToUniversalTime();
        var time = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        var limit = time.AddYears(8);
        while (time < limit)
        {
            if ((_months & (1 << time.Month)) == 0)
            {
                time = new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!DayMatches(time))
            {
                time = time.Date.AddDays(1);
            }
            else if ((_hours & (1u << time.Hour)) == 0)
            {
                time = time.Date.AddHours(time.Hour + 1);
            }
            else if ((_minutes & (1ul << time.Minute)) == 0)
            {
                time = time.AddMinutes(1);
            }
            else
            {
                return new DateTimeOffset(time, TimeSpan.Zero);
            }
        }

        return null;
    }

    public override string ToString() => Text;

    private bool DayMatches(DateTime day)
    {
        var byMonthDay = (_daysOfMonth & (1u << day.Day)) != 0;
        var byWeekDay = (_daysOfWeek & (1 << (int)day.DayOfWeek)) != 0;
        return _dayOfMonthRestricted && _dayOfWeekRestricted ? byMonthDay || byWeekDay : byMonthDay && byWeekDay;
    }

    private static ulong? PartBits(string part, int field)
    {
        var (min, max) = Ranges[field];
        var step = 1;
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? part : part[..slash];
        if (slash >= 0 && (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
        {
            return null;
        }

        int low, high;
        if (range == "*")
        {
            (low, high) = (min, max);
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = Value(dash < 0 ? range : range[..dash], field);
            var last = dash < 0 ? (slash >= 0 ? max : first) : Value(range[(dash + 1)..], field);
            if (first is null || last is null || first > last)
            {
                return null;
            }

            (low, high) = (first.Value, last.Value);
        }

        ulong bits = 0;
        for (var value = low; value <= high; value += step)
        {
            bits |= 1ul << value;
        }

        return bits;
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
