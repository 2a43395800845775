using System.Globalization;

namespace Runway.Config.Toml;

/// <summary>
/// Integers (decimal with optional sign, 0x/0o/0b without sign, 64-bit) and floats (fraction and/or exponent,
/// inf and nan with optional sign). Underscores must sit between two digits; decimal integers and the integer
/// part of floats have no leading zeros.
/// </summary>
internal static class TomlNumberParser
{
    public static bool TryParse(TomlCursor cursor, out TomlValue value)
    {
        value = null!;
        var position = cursor.Position;
        var text = cursor.Text;
        var start = cursor.Index;
        var end = start;
        while (end < text.Length && !TomlCharacters.EndsBareValue(text[end]))
        {
            end++;
        }

        var token = text.AsSpan(start, end - start);
        var sign = token[0] is '+' or '-' ? 1 : 0;
        var negative = token[0] == '-';
        var body = token[sign..];

        if (body is "inf" or "nan")
        {
            var special = body[0] == 'i' ? (negative ? double.NegativeInfinity : double.PositiveInfinity) : double.NaN;
            cursor.Index = end;
            value = new TomlFloat(special) { Position = position };
            return true;
        }

        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b' or 'X' or 'O' or 'B')
        {
            if (sign == 1)
            {
                return cursor.Fail($"invalid number '{token}': hexadecimal, octal and binary integers cannot have a sign");
            }

            if (!TryParseRadix(cursor, token, out var radixValue))
            {
                return false;
            }

            cursor.Index = end;
            value = new TomlInteger(radixValue) { Position = position };
            return true;
        }

        // dec-int / float-int-part: no leading zeros.
        var i = sign;
        var integerStart = i;
        if (!TryReadDigits(cursor, token, ref i, 10, "the integer part", out var integerDigits))
        {
            return false;
        }

        if (integerDigits == 0)
        {
            return char.IsAsciiLetter(token[i < token.Length ? i : 0]) ? TomlValueParser.FailInvalidValue(cursor) : FailInvalid(cursor, token, i);
        }

        if (i < token.Length && token[i] is '-' or ':')
        {
            return FailInvalid(cursor, token, i);
        }

        if (token[integerStart] == '0' && i - integerStart > 1)
        {
            return cursor.Fail($"invalid number '{token}': leading zeros are not allowed");
        }

        var isFloat = false;
        if (i < token.Length && token[i] == '.')
        {
            i++;
            if (!TryReadDigits(cursor, token, ref i, 10, "the fraction", out var fractionDigits))
            {
                return false;
            }

            if (fractionDigits == 0)
            {
                return cursor.Fail($"invalid number '{token}': a decimal point must be followed by digits");
            }

            isFloat = true;
        }

        if (i < token.Length && token[i] is 'e' or 'E')
        {
            i++;
            if (i < token.Length && token[i] is '+' or '-')
            {
                i++;
            }

            if (!TryReadDigits(cursor, token, ref i, 10, "the exponent", out var exponentDigits))
            {
                return false;
            }

            if (exponentDigits == 0)
            {
                return cursor.Fail($"invalid number '{token}': the exponent needs digits");
            }

            isFloat = true;
        }

        if (i != token.Length)
        {
            return FailInvalid(cursor, token, i);
        }

        if (isFloat)
        {
            if (!TryParseFloat(cursor, token, out var number))
            {
                return false;
            }

            cursor.Index = end;
            value = new TomlFloat(number) { Position = position };
            return true;
        }

        if (!TryAccumulate(token[integerStart..], 10, negative, out var integer))
        {
            return cursor.Fail($"integer '{token}' is out of range (64-bit: -9223372036854775808 to 9223372036854775807)");
        }

        cursor.Index = end;
        value = new TomlInteger(integer) { Position = position };
        return true;
    }

    private static bool TryParseRadix(TomlCursor cursor, ReadOnlySpan<char> token, out long value)
    {
        value = 0;
        var prefix = token[1];
        if (prefix is 'X' or 'O' or 'B')
        {
            return cursor.Fail($"invalid number '{token}': the prefix must be lowercase (0x, 0o, 0b)");
        }

        var (radix, name) = prefix switch
        {
            'x' => (16, "hexadecimal"),
            'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        var i = 2;
        if (!TryReadDigits(cursor, token, ref i, radix, "the digits", out var digits))
        {
            return false;
        }

        if (digits == 0 || i != token.Length)
        {
            var what = i < token.Length ? $"'{token[i]}' is not a {name} digit" : $"expected {name} digits after '0{prefix}'";
            return cursor.Fail($"invalid number '{token}': {what}");
        }

        if (!TryAccumulate(token[2..], radix, negative: false, out value))
        {
            return cursor.Fail($"integer '{token}' is out of range (largest is 9223372036854775807)");
        }

        return true;
    }

    /// <summary>Reads digits of the radix with underscores allowed only between two digits; stops at any other character.</summary>
    private static bool TryReadDigits(TomlCursor cursor, ReadOnlySpan<char> token, ref int i, int radix, string part, out int digits)
    {
        digits = 0;
        var previousWasDigit = false;
        for (; i < token.Length; i++)
        {
            var ch = token[i];
            if (IsDigit(ch, radix))
            {
                digits++;
                previousWasDigit = true;
            }
            else if (ch == '_')
            {
                if (!previousWasDigit || i + 1 >= token.Length || !IsDigit(token[i + 1], radix))
                {
                    return cursor.Fail($"invalid number '{token}': '_' in {part} must be between two digits");
                }

                previousWasDigit = false;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    private static bool IsDigit(char ch, int radix) => radix switch
    {
        16 => TomlCharacters.IsHexDigit(ch),
        10 => TomlCharacters.IsDigit(ch),
        8 => ch >= '0' && ch <= '7',
        _ => ch is '0' or '1',
    };

    /// <summary>Digits (underscores skipped) to a 64-bit value; false on overflow.</summary>
    private static bool TryAccumulate(ReadOnlySpan<char> digits, int radix, bool negative, out long value)
    {
        value = 0;
        var limit = negative ? 9_223_372_036_854_775_808UL : long.MaxValue;
        ulong magnitude = 0;
        foreach (var ch in digits)
        {
            if (ch == '_')
            {
                continue;
            }

            var digit = (ulong)TomlCharacters.HexValue(ch);
            if (magnitude > (limit - digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = (magnitude * (ulong)radix) + digit;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    private static bool TryParseFloat(TomlCursor cursor, ReadOnlySpan<char> token, out double value)
    {
        Span<char> buffer = token.Length <= 128 ? stackalloc char[token.Length] : new char[token.Length];
        var length = 0;
        foreach (var ch in token)
        {
            if (ch != '_')
            {
                buffer[length++] = ch;
            }
        }

        // The syntax was checked above, so this only converts (correctly rounded) and detects overflow.
        if (!double.TryParse(buffer[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || double.IsInfinity(value))
        {
            return cursor.Fail($"float '{token}' is out of range (use inf for infinity)");
        }

        return true;
    }

    private static bool IsDigitsWithOptionalSign(ReadOnlySpan<char> text)
    {
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        foreach (var ch in digits)
        {
            if (!TomlCharacters.IsDigit(ch))
            {
                return false;
            }
        }

        return digits.Length > 0;
    }

    private static bool FailInvalid(TomlCursor cursor, ReadOnlySpan<char> token, int at)
    {
        if (at < token.Length && at > 0 && token[at] == '-' && IsDigitsWithOptionalSign(token[..at]))
        {
            return cursor.Fail($"invalid date '{token}': dates are written YYYY-MM-DD with a 4-digit year");
        }

        if (at < token.Length && token[at] == ':')
        {
            return cursor.Fail($"invalid time '{token}': times are written HH:MM:SS with 2-digit fields");
        }

        var what = at < token.Length ? $"unexpected '{token[at]}'" : "incomplete number";
        return cursor.Fail($"invalid number '{token}': {what}");
    }
}
