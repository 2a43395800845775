using System.Text.Json;

namespace Runway.State.Storage;

/// <summary>Writes <see cref="ScaleOverrides"/> to the apps.scale_json column as a JSON object and reads it back.</summary>
internal static class ScaleJson
{
    public static string Write(ScaleOverrides scale) => JsonSerializer.Serialize(scale.ToDictionary(), ScaleJsonContext.Default.DictionaryStringInt32);

    public static ScaleOverrides Read(string json, string app)
    {
        try
        {
            var counts = JsonSerializer.Deserialize(json, ScaleJsonContext.Default.DictionaryStringInt32)
                ?? throw new JsonException("the value is null");
            return new ScaleOverrides(counts);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"state.db apps.scale_json of app \"{app}\" is not an object of service names to replica counts: {ex.Message}", ex);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class ScaleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
