using System.Text.Json;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Json;

/// <summary>
/// Reads JSON (RFC 8259, no comments or trailing commas, as <c>JSON.parse</c> accepts) into config nodes whose
/// locations come from <see cref="Utf8JsonReader.TokenStartIndex"/>, so every JSON diagnostic has a line and column.
/// </summary>
internal sealed class JsonNodeParser
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 128,
    };

    private readonly string _file;
    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;

    private JsonNodeParser(string file, LineMap lines, DiagnosticBag diagnostics)
    {
        _file = file;
        _lines = lines;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses one JSON document; returns null (with an error added) when it is not valid JSON.</summary>
    public static ConfigNode? Parse(ReadOnlySpan<byte> utf8, string file, DiagnosticBag diagnostics)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            diagnostics.Error(new SourceLocation(file, 1, 1), "invalid JSON: the file is empty; expected a JSON object");
            return null;
        }

        var parser = new JsonNodeParser(file, new LineMap(utf8), diagnostics);
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            reader.Read();
            var node = parser.ReadValue(ref reader);

            // A second top-level value makes Read throw, as JSON.parse rejects it.
            reader.Read();
            return node;
        }
        catch (JsonException exception)
        {
            // JsonException reports a 0-based line and byte position in that line.
            var line = (int)(exception.LineNumber ?? 0) + 1;
            var column = (int)(exception.BytePositionInLine ?? 0) + 1;
            diagnostics.Error(new SourceLocation(file, line, column), "invalid JSON: " + TrimPosition(exception.Message));
            return null;
        }
        catch (InvalidOperationException exception)
        {
            var (line, column) = parser._lines.Locate(reader.TokenStartIndex);
            diagnostics.Error(new SourceLocation(file, line, column), "invalid JSON: " + exception.Message);
            return null;
        }
    }

    private ConfigNode ReadValue(ref Utf8JsonReader reader)
    {
        var location = LocationOf(ref reader);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, location);
            case JsonTokenType.StartArray:
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return ConfigNode.Array(items, location);
            case JsonTokenType.String:
                return ConfigNode.String(reader.GetString()!, location);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var integer)
                    ? ConfigNode.FromInteger(integer, location)
                    : ConfigNode.FromFloat(reader.GetDouble(), location);
            case JsonTokenType.True:
                return ConfigNode.FromBoolean(true, location);
            case JsonTokenType.False:
                return ConfigNode.FromBoolean(false, location);
            case JsonTokenType.Null:
                return ConfigNode.Null(location);
            default:
                throw new InvalidOperationException("Unexpected JSON token " + reader.TokenType);
        }
    }

    private ConfigNode ReadObject(ref Utf8JsonReader reader, SourceLocation location)
    {
        var properties = new List<ConfigProperty>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyLocation = LocationOf(ref reader);
            var key = reader.GetString()!;
            reader.Read();
            var value = ReadValue(ref reader);
            var earlier = properties.FindIndex(p => p.Key == key);
            if (earlier >= 0)
            {
                // JSON.parse keeps the last value of a repeated key.
                _diagnostics.Warning(keyLocation, $"duplicate key \"{key}\" (first at {properties[earlier].KeyLocation}); the last value is used");
                properties.RemoveAt(earlier);
            }

            properties.Add(new ConfigProperty(key, keyLocation, value));
        }

        return ConfigNode.Object(properties, location);
    }

    private SourceLocation LocationOf(ref Utf8JsonReader reader)
    {
        var (line, column) = _lines.Locate(reader.TokenStartIndex);
        return new SourceLocation(_file, line, column);
    }

    private static string TrimPosition(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (index >= 0 ? message[..index] : message).TrimEnd();
    }
}
