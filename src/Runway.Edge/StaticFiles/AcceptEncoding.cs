using Microsoft.Extensions.Primitives;

namespace Runway.Edge.StaticFiles;

/// <summary>Reads the weights an Accept-Encoding field gives to br and gzip (RFC 9110 §12.5.3), in thousandths.
/// A coding not named takes the weight of <c>*</c>, or 0; no field at all means identity only.</summary>
internal static class AcceptEncoding
{
    private const int Unset = -1;

    public static void Weights(StringValues field, out int brotli, out int gzip)
    {
        brotli = Unset;
        gzip = Unset;
        var any = Unset;
        for (var v = 0; v < field.Count; v++)
        {
            var list = field[v].AsSpan();
            foreach (var range in list.Split(','))
            {
                var element = list[range];
                var semicolon = element.IndexOf(';');
                var coding = (semicolon >= 0 ? element[..semicolon] : element).Trim();
                if (coding.IsEmpty)
                {
                    continue;
                }

                var weight = semicolon >= 0 ? Weight(element[(semicolon + 1)..]) : 1000;
                if (weight < 0)
                {
                    continue;
                }

                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    brotli = weight;
                }
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = weight;
                }
                else if (coding.SequenceEqual("*"))
                {
                    any = weight;
                }
            }
        }

        if (brotli == Unset)
        {
            brotli = Math.Max(any, 0);
        }

        if (gzip == Unset)
        {
            gzip = Math.Max(any, 0);
        }
    }

    /// <summary>The q parameter in thousandths (§12.4.2: "q=" then 0 or 1 with up to three decimals); 1000 when
    /// absent; -1 when malformed, which drops the element.</summary>
    private static int Weight(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=')
            {
                continue;
            }

            var number = parameter[2..];
            if (number.IsEmpty || (number[0] != '0' && number[0] != '1'))
            {
                return -1;
            }

            var weight = (number[0] - '0') * 1000;
            if (number.Length == 1)
            {
                return weight;
            }

            if (number[1] != '.' || number.Length > 5)
            {
                return -1;
            }

            var scale = 100;
            foreach (var c in number[2..])
            {
                if (!char.IsAsciiDigit(c))
                {
                    return -1;
                }

                weight += (c - '0') * scale;
                scale /= 10;
            }

            return weight > 1000 ? -1 : weight;
        }

        return 1000;
    }
}
