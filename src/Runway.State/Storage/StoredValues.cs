using System.Globalization;

namespace Runway.State.Storage;

/// <summary>How values that SQLite has no type for are written to columns, and read back exactly.</summary>
internal static class StoredValues
{
    // ISO 8601 in UTC with all seven fractional digits: readable in the sqlite3 shell, sorts as text, and round-trips to the tick.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? value) => value is { } time ? Time(time) : null;

    public static DateTimeOffset ParseTime(string text, string column)
    {
        if (!DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new InvalidDataException($"state.db column {column} holds \"{text}\", which is not a time in the form {TimeFormat}");
        }

        return new DateTimeOffset(time, TimeSpan.Zero);
    }

    public static DateTimeOffset? ParseNullableTime(string? text, string column) => text is null ? null : ParseTime(text, column);

    public static string Enum<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a defined {typeof(TEnum).Name}");

    public static TEnum ParseEnum<TEnum>(string text, string column)
        where TEnum : struct, Enum =>
        text.Length > 0 && char.IsLetter(text[0]) && System.Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"state.db column {column} holds \"{text}\", which is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
}
