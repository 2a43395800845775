using System.Text.Json;
using System.Text.Json.Serialization;
using Runway.Model;

namespace Runway.State.Json;

/// <summary>Reads and writes a <see cref="ValueMap"/> as a JSON object of strings, keys in ordinal order.</summary>
internal sealed class ValueMapJsonConverter : JsonConverter<ValueMap>
{
    public override ValueMap Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw NestedJsonException.At("", $"expected an object of strings, found {reader.TokenType}");
        }

        var items = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw NestedJsonException.At(NestedJsonException.PropertyStep(key), $"expected a string, found {reader.TokenType}");
            }

            items.Add(new(key, reader.GetString()!));
        }

        return new ValueMap(items);
    }

    public override void Write(Utf8JsonWriter writer, ValueMap value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WriteString(key, item);
        }

        writer.WriteEndObject();
    }
}
