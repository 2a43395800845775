using System.Text.Json;
using System.Text.Json.Serialization;
using Runway.Model;

namespace Runway.State.Json;

/// <summary>Reads and writes any <see cref="ValueList{T}"/> as a JSON array (System.Text.Json cannot build a type that
/// has no Add method, such as this immutable list).</summary>
internal sealed class ValueListJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ValueListJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

/// <summary>One <see cref="ValueList{T}"/> as a JSON array of non-null items.</summary>
internal sealed class ValueListJsonConverter<T> : JsonConverter<ValueList<T>>
{
    public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw NestedJsonException.At("", $"expected an array, found {reader.TokenType}");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var step = $"[{items.Count}]";
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw NestedJsonException.At(step, "a list item may not be null");
            }

            try
            {
                items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }
            catch (JsonException ex)
            {
                throw NestedJsonException.Below(step, ex);
            }
        }

        return items.ToValueList();
    }

    public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, options);
        }

        writer.WriteEndArray();
    }
}
