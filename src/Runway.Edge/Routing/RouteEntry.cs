using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Runway.Model;

namespace Runway.Edge.Routing;

/// <summary>
/// One route of Vercel's route table (the "routes" of the Build Output API, as routing-utils' <c>getTransformedRoutes</c>
/// produces them): a regex <c>src</c> with what to do when it matches, or a <c>handle</c> phase marker.
/// </summary>
internal sealed record RouteEntry
{
    public string? Src { get; init; }

    public string? Dest { get; init; }

    /// <summary>Response headers in JavaScript object order (a repeated key keeps its first place and its last value).</summary>
    public ValueList<KeyValuePair<string, string>> Headers { get; init; } = ValueList<KeyValuePair<string, string>>.Empty;

    public int? Status { get; init; }

    public bool Continue { get; init; }

    public bool Check { get; init; }

    public ValueList<string> Methods { get; init; } = ValueList<string>.Empty;

    public ValueList<VercelCondition> Has { get; init; } = ValueList<VercelCondition>.Empty;

    public ValueList<VercelCondition> Missing { get; init; } = ValueList<VercelCondition>.Empty;

    public string? Handle { get; init; }

    /// <summary>Where the rule that produced this route was written (null for routes Vercel adds itself).</summary>
    public SourceLocation? Location { get; init; }

    public static RouteEntry Phase(string handle) => new() { Handle = handle };

    /// <summary>Builds a header list with JavaScript object semantics for repeated keys.</summary>
    public static ValueList<KeyValuePair<string, string>> HeaderObject(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var header in headers)
        {
            var index = list.FindIndex(h => h.Key == header.Key);
            if (index >= 0)
            {
                list[index] = header;
            }
            else
            {
                list.Add(header);
            }
        }

        return list.ToValueList();
    }

    /// <summary>
    /// This route as compact JSON with the route's fields (and each has/missing item's fields) in alphabetical order and
    /// headers in their own order — the form used to compare with Vercel's output.
    /// </summary>
    public string ToCanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (Check)
            {
                json.WriteBoolean("check", true);
            }

            if (Continue)
            {
                json.WriteBoolean("continue", true);
            }

            WriteString(json, "dest", Dest);
            WriteString(json, "handle", Handle);
            WriteConditions(json, "has", Has);
            if (!Headers.IsEmpty)
            {
                json.WriteStartObject("headers");
                foreach (var (key, value) in Headers)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            if (!Methods.IsEmpty)
            {
                json.WriteStartArray("methods");
                foreach (var method in Methods)
                {
                    json.WriteStringValue(method);
                }

                json.WriteEndArray();
            }

            WriteConditions(json, "missing", Missing);
            WriteString(json, "src", Src);
            if (Status is { } status)
            {
                json.WriteNumber("status", status);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteConditions(Utf8JsonWriter json, string name, ValueList<VercelCondition> conditions)
    {
        if (conditions.IsEmpty)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var condition in conditions)
        {
            json.WriteStartObject();
            WriteString(json, "key", condition.Key);
            json.WriteString("type", condition.Type);
            WriteString(json, "value", condition.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
