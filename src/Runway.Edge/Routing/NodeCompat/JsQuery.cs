using System.Globalization;
using System.Text;

namespace Runway.Edge.Routing.NodeCompat;

/// <summary>
/// Node's <c>querystring</c> object as routing-utils uses it when it rewrites a destination: a key maps to one value or an
/// array, keys enumerate in JavaScript object order (array-index keys ascending first, then insertion order).
/// </summary>
internal sealed class JsQuery
{
    private readonly List<(string Key, List<string> Values, bool IsArray)> _entries = [];

    public bool Contains(string key) => _entries.Exists(e => e.Key == key);

    public int Count => _entries.Count;

    /// <summary>Sets a single value (JavaScript <c>query[key] = value</c>: keeps the key's position).</summary>
    public void Set(string key, string value) => Replace(key, [value], isArray: false);

    /// <summary>Replaces the values of a key, keeping whether it was an array.</summary>
    public void Replace(string key, List<string> values, bool isArray)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index >= 0)
        {
            _entries[index] = (key, values, isArray);
        }
        else
        {
            _entries.Add((key, values, isArray));
        }
    }

    /// <summary>Entries in JavaScript's own-property order.</summary>
    public IEnumerable<(string Key, List<string> Values, bool IsArray)> Entries =>
        _entries.Where(e => IsArrayIndex(e.Key)).OrderBy(e => uint.Parse(e.Key, CultureInfo.InvariantCulture))
            .Concat(_entries.Where(e => !IsArrayIndex(e.Key)));

    /// <summary>Node's <c>querystring.parse</c> with its defaults (<c>&amp;</c>, <c>=</c>, 1000 keys, <c>+</c> as space).</summary>
    public static JsQuery Parse(string query)
    {
        var result = new JsQuery();
        var pairs = 1000;
        foreach (var part in query.Split('&'))
        {
            if (part.Length > 0)
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var key = (equals < 0 ? part : part[..equals]).Replace('+', ' ');
                var value = (equals < 0 ? "" : part[(equals + 1)..]).Replace('+', ' ');
                result.Add(JsUri.QueryUnescape(key), JsUri.QueryUnescape(value));
            }

            if (--pairs == 0)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Node's <c>querystring.stringify</c> with <c>querystring.escape</c>.</summary>
    public string Stringify()
    {
        var fields = new StringBuilder();
        foreach (var (key, values, isArray) in Entries)
        {
            if (isArray && values.Count == 0)
            {
                continue;
            }

            var prefix = JsUri.QueryEscape(key) + "=";
            foreach (var value in values)
            {
                if (fields.Length > 0)
                {
                    fields.Append('&');
                }

                fields.Append(prefix).Append(JsUri.QueryEscape(value));
            }
        }

        return fields.ToString();
    }

    private void Add(string key, string value)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index < 0)
        {
            _entries.Add((key, [value], false));
        }
        else
        {
            _entries[index].Values.Add(value);
            _entries[index] = (key, _entries[index].Values, true);
        }
    }

    // ECMAScript array index: a canonical decimal integer below 2^32 - 1.
    private static bool IsArrayIndex(string key) =>
        key.Length > 0 && key.All(char.IsAsciiDigit) && (key == "0" || key[0] != '0')
        && ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < uint.MaxValue;
}
