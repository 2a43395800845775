using System.Text;

namespace Runway.Edge.Routing.NodeCompat;

/// <summary>Thrown where JavaScript throws <c>URIError</c> (a lone surrogate to encode, malformed auth to decode).</summary>
internal sealed class JsUriException(string message) : Exception(message);

/// <summary>JavaScript's and Node's URI component encoders and decoders, byte for byte.</summary>
internal static class JsUri
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // querystring.escape leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) as they are.
    private const string QueryUnreserved = "-_.!~*'()";

    // url.format's auth encoder also leaves ':' alone.
    private const string AuthUnreserved = "-_.!~*'():";

    public static string QueryEscape(string value) => Encode(value, QueryUnreserved);

    public static string AuthEscape(string value) => Encode(value, AuthUnreserved);

    /// <summary>Node's <c>querystring.unescape</c>: <c>decodeURIComponent</c>, or a lenient byte decoder when that throws.</summary>
    public static string QueryUnescape(string value) => TryDecodeComponent(value, out var decoded) ? decoded : DecodeLenient(value);

    /// <summary>JavaScript's <c>decodeURIComponent</c>; false where it would throw <c>URIError</c>.</summary>
    public static bool TryDecodeComponent(string value, out string decoded)
    {
        decoded = value;
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var builder = new StringBuilder(value.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                builder.Append(value[i]);
                continue;
            }

            bytes.Clear();
            while (i < value.Length && value[i] == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 3;
                if (bytes[0] < 0x80)
                {
                    break;
                }
            }

            i--;
            try
            {
                builder.Append(StrictUtf8.GetString(bytes.ToArray()));
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        decoded = builder.ToString();
        return true;
    }

    /// <summary>Node's <c>querystring.unescapeBuffer</c>: decodes every valid <c>%XX</c>, keeps the low byte of every other character, reads the bytes as UTF-8.</summary>
    public static string DecodeLenient(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else
            {
                // Node writes the character code into a byte buffer: only its low byte survives.
                bytes.Add((byte)value[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string Encode(string value, string unreserved)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80 && (char.IsAsciiLetterOrDigit(c) || unreserved.Contains(c, StringComparison.Ordinal)))
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(value, 0, i, value.Length + 16);
            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                throw new JsUriException("URI malformed");
            }

            foreach (var b in Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)))
            {
                builder.Append('%').Append(((int)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder?.ToString() ?? value;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
