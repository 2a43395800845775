namespace Runway.Config.Toml;

/// <summary>
/// RFC 3339 date-times as TOML 1.0 allows them: offset date-time, local date-time, local date, local time.
/// The date and time may be separated by T, t or a space; seconds are required; fractional seconds beyond
/// 100 ns are truncated (the text keeps every digit); Z may be lowercase.
/// </summary>
internal static class TomlDateTimeParser
{
    /// <summary>HH: (a local time) or YYYY- (a date) at the cursor.</summary>
    public static bool LooksLikeDateOrTime(TomlCursor cursor) =>
        (IsDigitAt(cursor, 0) && IsDigitAt(cursor, 1) && cursor.Peek(2) == ':') ||
        (IsDigitAt(cursor, 0) && IsDigitAt(cursor, 1) && IsDigitAt(cursor, 2) && IsDigitAt(cursor, 3) && cursor.Peek(4) == '-');

    public static bool TryParse(TomlCursor cursor, out TomlValue value)
    {
        value = null!;
        var position = cursor.Position;
        var text = cursor.Text;
        var start = cursor.Index;

        if (cursor.Peek(2) == ':')
        {
            if (!TryReadTime(cursor, start, out var timeOnly, out var timeEnd))
            {
                return false;
            }

            cursor.Index = timeEnd;
            value = new TomlDateTime(TomlValueKind.LocalTime, text[start..timeEnd]) { Position = position, Time = timeOnly.ToTimeOnly() };
            return EndsHere(cursor);
        }

        if (!TryReadDate(cursor, start, out var date))
        {
            return false;
        }

        var afterDate = start + 10;
        cursor.Index = afterDate;
        var separator = cursor.Peek();
        var hasTime = separator is 'T' or 't' ||
            (separator == ' ' && IsDigitAt(cursor, 1) && IsDigitAt(cursor, 2) && cursor.Peek(3) == ':');
        if (!hasTime)
        {
            value = new TomlDateTime(TomlValueKind.LocalDate, text[start..afterDate]) { Position = position, Local = date.ToDateTime(default) };
            return EndsHere(cursor);
        }

        if (!TryReadTime(cursor, afterDate + 1, out var time, out var end))
        {
            return false;
        }

        var dateText = text.AsSpan(start, 10);
        var timeText = text.AsSpan(afterDate + 1, end - afterDate - 1);
        cursor.Index = end;
        var zone = cursor.Peek();
        if (zone is 'Z' or 'z' or '+' or '-')
        {
            var offsetMinutes = 0;
            if (zone is '+' or '-' && !TryReadOffset(cursor, end, out offsetMinutes))
            {
                return false;
            }

            var zoneText = zone is 'Z' or 'z' ? "Z" : text.AsSpan(end, 6);
            if (!TryGetInstant(date, time, offsetMinutes, out var instant))
            {
                return cursor.Fail($"date-time '{Token(text, start)}' is outside the supported range (0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z)", position);
            }

            cursor.Index = end + zoneText.Length;
            value = new TomlDateTime(TomlValueKind.OffsetDateTime, string.Concat(dateText, "T", timeText, zoneText))
            {
                Position = position,
                Offset = instant,
            };
            return EndsHere(cursor);
        }

        value = new TomlDateTime(TomlValueKind.LocalDateTime, string.Concat(dateText, "T", timeText))
        {
            Position = position,
            Local = date.ToDateTime(time),
        };
        return EndsHere(cursor);
    }

    private static bool TryReadDate(TomlCursor cursor, int at, out DateParts date)
    {
        date = default;
        var text = cursor.Text;
        if (!TryReadNumber(text, at, 4, out var year) || !IsCharAt(text, at + 4, '-') ||
            !TryReadNumber(text, at + 5, 2, out var month) || !IsCharAt(text, at + 7, '-') ||
            !TryReadNumber(text, at + 8, 2, out var day))
        {
            return cursor.Fail($"invalid date '{Token(text, at)}': dates are written YYYY-MM-DD");
        }

        // DateTime starts at year 1; RFC 3339's year 0000 cannot be represented, so it is refused rather than misread.
        if (year == 0)
        {
            return cursor.Fail($"invalid date '{Token(text, at)}': year 0000 is not supported (0001-9999)");
        }

        if (month is < 1 or > 12)
        {
            return cursor.Fail($"invalid date '{Token(text, at)}': month {month:00} is not 01-12");
        }

        var daysInMonth = month == 2 ? (IsLeapYear(year) ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;
        if (day < 1 || day > daysInMonth)
        {
            return cursor.Fail($"invalid date '{Token(text, at)}': day {day:00} does not exist in month {month:00} of {year:0000}");
        }

        date = new DateParts(year, month, day);
        return true;
    }

    /// <summary>HH:MM:SS with optional .fraction; <paramref name="end"/> is the index after it.</summary>
    private static bool TryReadTime(TomlCursor cursor, int at, out TimeParts time, out int end)
    {
        time = default;
        end = at;
        var text = cursor.Text;
        if (!TryReadNumber(text, at, 2, out var hour) || !IsCharAt(text, at + 2, ':') ||
            !TryReadNumber(text, at + 3, 2, out var minute) || !IsCharAt(text, at + 5, ':') ||
            !TryReadNumber(text, at + 6, 2, out var second))
        {
            return cursor.Fail($"invalid time '{Token(text, at)}': times are written HH:MM:SS (seconds are required)", Where(cursor, at));
        }

        // time-second is 00-60: RFC 3339 allows a leap second.
        if (hour > 23 || minute > 59 || second > 60)
        {
            return cursor.Fail($"invalid time '{Token(text, at)}': hour must be 00-23, minute 00-59, second 00-60", Where(cursor, at));
        }

        end = at + 8;
        long fractionTicks = 0;
        if (IsCharAt(text, end, '.'))
        {
            var digitsStart = end + 1;
            var i = digitsStart;
            var scale = 1_000_000L;
            while (i < text.Length && TomlCharacters.IsDigit(text[i]))
            {
                // Ticks are 100 ns (7 digits); further digits are truncated, as TOML requires.
                if (i - digitsStart < 7)
                {
                    fractionTicks += (text[i] - '0') * scale;
                    scale /= 10;
                }

                i++;
            }

            if (i == digitsStart)
            {
                return cursor.Fail($"invalid time '{Token(text, at)}': a '.' after the seconds must be followed by digits", Where(cursor, at));
            }

            end = i;
        }

        time = new TimeParts(hour, minute, second, fractionTicks);
        return true;
    }

    /// <summary>+HH:MM or -HH:MM at <paramref name="at"/>.</summary>
    private static bool TryReadOffset(TomlCursor cursor, int at, out int minutes)
    {
        minutes = 0;
        var text = cursor.Text;
        if (!TryReadNumber(text, at + 1, 2, out var hours) || !IsCharAt(text, at + 3, ':') || !TryReadNumber(text, at + 4, 2, out var mins))
        {
            return cursor.Fail($"invalid offset '{Token(text, at)}': offsets are written Z, +HH:MM or -HH:MM", Where(cursor, at));
        }

        if (hours > 23 || mins > 59)
        {
            return cursor.Fail($"invalid offset '{Token(text, at)}': hours must be 00-23 and minutes 00-59", Where(cursor, at));
        }

        minutes = (text[at] == '-' ? -1 : 1) * ((hours * 60) + mins);
        return true;
    }

    /// <summary>The instant; false when it falls outside what DateTimeOffset can hold (before year 1 or after 9999 in UTC).</summary>
    private static bool TryGetInstant(DateParts date, TimeParts time, int offsetMinutes, out DateTimeOffset instant)
    {
        instant = default;
        var local = date.ToDateTime(time);
        var utcTicks = local.Ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        // DateTimeOffset offsets stop at ±14:00; RFC 3339 allows up to ±23:59, so larger ones are kept as UTC.
        instant = Math.Abs(offsetMinutes) <= 14 * 60
            ? new DateTimeOffset(local, TimeSpan.FromMinutes(offsetMinutes))
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool EndsHere(TomlCursor cursor) =>
        TomlCharacters.EndsBareValue(cursor.Peek()) || cursor.Fail($"unexpected {cursor.DescribeCurrent()} after a date/time value");

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static bool IsDigitAt(TomlCursor cursor, int offset) => TomlCharacters.IsDigit(cursor.Peek(offset));

    private static bool IsCharAt(string text, int at, char expected) => at < text.Length && text[at] == expected;

    private static bool TryReadNumber(string text, int at, int digits, out int value)
    {
        value = 0;
        for (var k = 0; k < digits; k++)
        {
            if (at + k >= text.Length || !TomlCharacters.IsDigit(text[at + k]))
            {
                return false;
            }

            value = (value * 10) + (text[at + k] - '0');
        }

        return true;
    }

    private static TomlPosition Where(TomlCursor cursor, int at) => new(cursor.Line, at - cursor.LineStart + 1);

    /// <summary>The written value from <paramref name="at"/> up to the next delimiter, for messages.</summary>
    private static string Token(string text, int at)
    {
        var end = at;
        while (end < text.Length && !TomlCharacters.EndsBareValue(text[end]) && end - at < 40)
        {
            end++;
        }

        return text[at..end];
    }

    private readonly record struct DateParts(int Year, int Month, int Day)
    {
        /// <summary>The date with the time added (the year is 0001-9999, checked when read).</summary>
        public DateTime ToDateTime(TimeParts time)
        {
            // A leap second (:60) is held as the last tick of the minute; the text keeps ":60".
            var ticks = time.Second == 60 ? (59 * TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond - 1 : (time.Second * TimeSpan.TicksPerSecond) + time.FractionTicks;
            return new DateTime(Year, Month, Day, time.Hour, time.Minute, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        }
    }

    private readonly record struct TimeParts(int Hour, int Minute, int Second, long FractionTicks)
    {
        public TimeOnly ToTimeOnly()
        {
            var seconds = Second == 60 ? (60 * TimeSpan.TicksPerSecond) - 1 : (Second * TimeSpan.TicksPerSecond) + FractionTicks;
            return new TimeOnly((Hour * TimeSpan.TicksPerHour) + (Minute * TimeSpan.TicksPerMinute) + seconds);
        }
    }
}
