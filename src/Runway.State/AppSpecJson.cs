using System.Text.Json;
using System.Text.Json.Serialization;
using Runway.Model;
using Runway.State.Json;

namespace Runway.State;

/// <summary>
/// Writes a resolved <see cref="AppSpec"/> to JSON and reads it back exactly (<c>Deserialize(Serialize(spec)) == spec</c>):
/// a release stores its spec this way, and a restarted daemon rebuilds the release's instances from it. Properties are
/// camelCase, enums are their names, lists are arrays and maps are objects.
/// </summary>
public static class AppSpecJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(AppSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return JsonSerializer.Serialize(spec, Options);
    }

    /// <exception cref="InvalidDataException">The text is not JSON, or not the JSON of an app spec; the message names
    /// the failing path (such as <c>$.services[0].kind</c>) and what was wrong there.</exception>
    public static AppSpec Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<AppSpec>(json, Options) ?? throw new InvalidDataException("the app spec JSON is null; expected an object");
        }
        catch (JsonException ex)
        {
            var position = NestedJsonException.PositionOf(ex) is var (line, column) ? $" (line {line}, byte {column})" : "";
            throw new InvalidDataException($"the app spec JSON is invalid at {NestedJsonException.PathOf(ex)}{position}: {NestedJsonException.DetailOf(ex)}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A missing constructor argument, a null where the model has no null, or a field this version does not know
            // is an error: a spec read back must be the spec that was written.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            Converters =
            {
                new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false),
                new ValueListJsonConverterFactory(),
                new ValueMapJsonConverter(),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
